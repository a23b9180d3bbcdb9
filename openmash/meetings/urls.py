from django.urls import path

from openmash.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/agenda/build/", views.agenda_build, name="agenda_build"),
    path("<int:pk>/agenda/add/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item_pk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/attendance/", views.attendance_add, name="attendance"),
    path("<int:pk>/agenda/<int:item_pk>/contributions/new/", views.contribution_add, name="contribution_add"),
    path("<int:pk>/agenda/<int:item_pk>/actions/new/", views.action_new, name="action_add"),
    path("<int:pk>/actions/<int:action_pk>/done/", views.action_done, name="action_done"),
    path("<int:pk>/close/", views.meeting_close, name="close"),
]
