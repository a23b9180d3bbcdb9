from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "openmash.meetings"
    label = "meetings"
