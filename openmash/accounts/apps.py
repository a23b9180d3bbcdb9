from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openmash.accounts"
    label = "accounts"

    def ready(self) -> None:
        from openmash import checks  # noqa: F401  (registers the deployment checks)
