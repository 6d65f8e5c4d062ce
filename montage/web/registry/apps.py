"""The organisations, companies, people, works, audit trail (docs/web-map.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "montage.web.registry"
    label = "registry"
    verbose_name = _("registry")

    def ready(self) -> None:
        from montage.web.registry import audit, stale  # noqa: F401 - connects their signals
