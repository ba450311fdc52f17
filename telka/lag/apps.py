from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LagConfig(AppConfig):
    name = "telka.lag"
    label = "lag"
    verbose_name = _("Local action group")
