from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "openmash.demo"
    label = "demo"
