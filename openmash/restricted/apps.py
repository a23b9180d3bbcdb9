from django.apps import AppConfig


class RestrictedConfig(AppConfig):
    name = "openmash.restricted"
    label = "restricted"
    verbose_name = "Restricted information (break the glass)"
