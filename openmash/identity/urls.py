from django.urls import path

from openmash.identity import views

app_name = "identity"
urlpatterns = [
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("review/", views.review_queue, name="review"),
    path("review/<int:pk>/", views.pair_detail, name="pair"),
    path("review/<int:pk>/<str:action>/", views.pair_decide, name="pair_decide"),
    path("merges/<int:pk>/unmerge/", views.unmerge, name="unmerge"),
]
