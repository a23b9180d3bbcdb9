from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "openmash.identity"
    label = "identity"
    verbose_name = "Identity resolution"

    def ready(self) -> None:
        from openmash.identity import signals  # noqa: F401  (keeps the candidate index in step)
