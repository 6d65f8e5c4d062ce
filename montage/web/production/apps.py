"""The producer's project, budget, financing (docs/web-map.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductionConfig(AppConfig):
    name = "montage.web.production"
    label = "production"
    verbose_name = _("production")

    def ready(self):
        # a source linked to a fund application follows the fund's records
        from montage.web.production import fund_link, investment_link

        fund_link.connect()
        # a source confirmed as a broadcaster's investment follows the investment
        investment_link.connect()
