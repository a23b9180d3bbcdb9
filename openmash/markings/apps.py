from django.apps import AppConfig


class MarkingsConfig(AppConfig):
    name = "openmash.markings"
    label = "markings"
    verbose_name = "Handling markings"
