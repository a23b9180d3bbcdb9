from django.urls import path

from openmash.hubs import views

app_name = "hubs"
urlpatterns = [
    path("", views.settings_overview, name="settings"),
    path("levels/<int:pk>/", views.level_edit, name="level_edit"),
    path("calendar/", views.calendar_edit, name="calendar_edit"),
    path("enquiry-rules/", views.enquiry_rules_edit, name="enquiry_rules_edit"),
    path("calendar/overrides/", views.override_add, name="override_add"),
    path("calendar/overrides/<int:pk>/remove/", views.override_remove, name="override_remove"),
    path("partners/<int:pk>/toggle/", views.partner_toggle, name="partner_toggle"),
    path("threshold-document/new/", views.threshold_new_version, name="threshold_new"),
]
