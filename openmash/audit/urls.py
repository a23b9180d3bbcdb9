from django.urls import path

from openmash.audit import views

app_name = "audit"
urlpatterns = [
    path("people/<int:pk>/", views.person_history, name="person_history"),
]
