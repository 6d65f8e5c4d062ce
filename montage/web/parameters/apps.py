"""The legal parameters the CCA keeps current (docs/web-map.md, docs/web-parameters.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParametersConfig(AppConfig):
    name = "montage.web.parameters"
    label = "parameters"
    verbose_name = _("legal parameters")
