from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "openmash.submissions"
    label = "submissions"
    verbose_name = "One-time form tokens (a double-clicked form makes one record)"
