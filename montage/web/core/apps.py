from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shell around the domain apps: home page, middleware, template tags, parameters, the
    `montage web-admin` commands. It holds no model any more; its migrations 0001-0007 are the
    history that created every table (the domain apps took the models over in 0008, state only)."""

    name = "montage.web.core"
    label = "core"
    verbose_name = _("Montage")
