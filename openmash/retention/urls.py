from django.urls import path

from openmash.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.due, name="due"),
    path("<int:pk>/", views.decide, name="decide"),
    path("periods/<slug:record_type>/", views.period_edit, name="period"),
]
