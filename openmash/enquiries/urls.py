from django.urls import path, re_path

from openmash.enquiries import views

app_name = "enquiries"
urlpatterns = [
    path("ask/<int:contact_pk>/", views.ask, name="ask"),
    path("<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/respond/", views.start, name="start"),
    path("<int:pk>/responses/<int:contribution_pk>/items/", views.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/remove/", views.item_remove, name="item_remove"),
    path("<int:pk>/responses/<int:contribution_pk>/analysis/", views.analysis_save, name="analysis_save"),
    re_path(r"^(?P<pk>[0-9]+)/(?P<action>withdraw|unable)/$", views.close, name="close"),
]
