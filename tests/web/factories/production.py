"""A producer's project with its chart of accounts (montage.web.production)."""

from __future__ import annotations

from montage.web.production import services
from montage.web.production.models import Project

from . import registry


def project(owner=None, title: str | None = None, **fields) -> Project:
    """A project of `owner` (a producer organisation), set up as the production desk does."""
    owner = owner or registry.producer()
    made = Project.objects.create(owner=owner, work=registry.work(title, producer=owner.company),
                                  **fields)
    services.set_up_project(made)
    return made
