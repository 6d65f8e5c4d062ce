"""The producer's ledger (docs/web-map.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "montage.web.ledger"
    label = "ledger"
    verbose_name = _("ledger")
