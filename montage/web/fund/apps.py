"""The regional fund (docs/web-map.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "montage.web.fund"
    label = "fund"
    verbose_name = _("regional fund")
