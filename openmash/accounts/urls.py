from django.urls import path

from openmash.accounts import views

app_name = "accounts"
urlpatterns = [
    path("choose/", views.switch_hub, name="switch_hub"),
]
