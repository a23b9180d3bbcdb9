from django.urls import path

from openmash.markings import views

app_name = "markings"
urlpatterns = [
    path("contacts/<int:pk>/", views.contact_marking, name="contact"),
]
