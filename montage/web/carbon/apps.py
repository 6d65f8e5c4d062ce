"""The carbon footprint of each production and its certification (docs/web-carbon.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarbonConfig(AppConfig):
    name = "montage.web.carbon"
    label = "carbon"
    verbose_name = _("carbon footprint")
