from django.urls import path

from openmash.contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.triage_queue, name="queue"),
    path("new/", views.contact_new, name="new"),
    path("<int:pk>/", views.contact_detail, name="detail"),
    path("<int:pk>/people/", views.contact_people, name="people"),
    path("<int:pk>/people/add/", views.contact_add_person, name="add_person"),
    path("<int:pk>/people/check/", views.contact_match_person, name="match"),
    path("<int:pk>/people/<int:link_pk>/remove/", views.contact_remove_person, name="remove_person"),
    path("<int:pk>/submit/", views.contact_submit, name="submit"),
    path("<int:pk>/triage/", views.contact_triage, name="triage"),
]
