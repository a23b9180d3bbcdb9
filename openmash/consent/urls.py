from django.urls import path

from openmash.consent import views

app_name = "consent"
urlpatterns = [
    path("contacts/<int:pk>/", views.family, name="family"),
    path("contacts/<int:pk>/consent/", views.consent_new, name="consent_new"),
    path("contacts/<int:pk>/informed/", views.informed_new, name="informed_new"),
    path("contacts/<int:pk>/not-shared/", views.not_share, name="not_share"),
    path("contacts/<int:pk>/disclosures/", views.disclose, name="disclose"),
    path("contacts/<int:pk>/adults/", views.adult_new, name="adult_new"),
    path("rules/", views.sharing_rules, name="rules"),
    path("not-informed/", views.not_informed, name="not_informed"),
    path("historic-items/", views.historic_report, name="historic"),
    path("subject-access/", views.sar_list, name="sar_list"),
    path("subject-access/new/", views.sar_new, name="sar_new"),
    path("subject-access/<int:pk>/", views.sar_detail, name="sar"),
    path("subject-access/<int:pk>/export/<str:file_format>/", views.sar_export, name="sar_export"),
]
