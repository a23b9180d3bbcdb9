from django.urls import path

from openmash.decisions import views

app_name = "decisions"
urlpatterns = [
    path("contact/<int:contact_pk>/person/<int:person_pk>/", views.decide, name="decide"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("<int:pk>/challenge/from-request/<int:request_pk>/", views.challenge, name="challenge"),
    path("challenges/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("contact/<int:contact_pk>/step-up/", views.step_up, name="step_up"),
    path("step-ups/<int:pk>/respond/", views.step_up_respond, name="step_up_respond"),
]
