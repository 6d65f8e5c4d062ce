from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "montage.web.core"
    label = "core"
    verbose_name = _("Montage")

    def ready(self) -> None:
        from montage.web.core import audit  # noqa: F401 - connects the audit signals
