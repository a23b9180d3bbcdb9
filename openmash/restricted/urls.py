from django.urls import path

from openmash.restricted import views

app_name = "restricted"
urlpatterns = [
    path("items/<int:pk>/", views.item_open, name="item_open"),
    path("log/", views.log, name="log"),
]
