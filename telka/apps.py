from django.apps import AppConfig


class TelkaConfig(AppConfig):
    """The project package is an app only for its template tags and formats."""

    name = "telka"
    verbose_name = "Telka"
