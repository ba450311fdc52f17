from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeriodsConfig(AppConfig):
    name = "telka.periods"
    label = "periods"
    verbose_name = _("Programming periods")
