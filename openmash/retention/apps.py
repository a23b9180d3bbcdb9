from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "openmash.retention"
    label = "retention"
