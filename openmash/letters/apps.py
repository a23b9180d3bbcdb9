from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "openmash.letters"
    verbose_name = "Letters to families"
