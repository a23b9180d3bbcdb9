from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "openmash.consent"
    verbose_name = "Consent, legal basis and the family's side"
