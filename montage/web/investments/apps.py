"""The contribution obligation, step 2 (docs/web-map.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentsConfig(AppConfig):
    name = "montage.web.investments"
    label = "investments"
    verbose_name = _("investments (step 2)")
