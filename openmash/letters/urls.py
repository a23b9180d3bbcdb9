from django.urls import path

from openmash.letters import views

app_name = "letters"
urlpatterns = [
    path("contacts/<int:pk>/", views.contact_letters, name="contact"),
    path("<int:pk>/", views.letter_detail, name="letter"),
    path("<int:pk>/send/", views.letter_send, name="send"),
    path("<int:pk>/print/", views.letter_print, name="print"),
    path("<int:pk>/pdf/", views.letter_pdf, name="pdf"),
    path("glossary/", views.glossary_page, name="glossary"),
]
