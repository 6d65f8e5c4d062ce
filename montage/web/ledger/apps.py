"""The producer's ledger (docs/web-map.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "montage.web.ledger"
    label = "ledger"
    verbose_name = _("ledger")

    def ready(self):
        # the dashboard listens to buckets.buckets_changed (buckets.py imports no reader of its own)
        from montage.web.ledger import dashboard  # noqa: F401
