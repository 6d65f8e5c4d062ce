"""Editors, their services, obligation files and Formulaire CA lines (montage.web.contribution)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from montage.web.contribution.models import (EditorProfile, ObligationYear, Service,
                                             TurnoverDeclaration, TurnoverLine)

from . import registry


def editor(name: str | None = None, establishment: str = "local", country: str = "BE",
           service: str | None = "Essai TV") -> EditorProfile:
    """An editor organisation, its profile and (unless `service=None`) one linear service."""
    profile = EditorProfile.objects.create(organisation=registry.organisation("editor", name),
                                           establishment=establishment, country=country)
    if service:
        Service.objects.create(editor=profile, name=service, kind="linear")
    return profile


def obligation(editor: EditorProfile, year: int = 2025, **fields) -> ObligationYear:
    fields.setdefault("form", "investments")
    for name in ("turnover_estimate", "eligible_turnover", "amount"):
        if isinstance(fields.get(name), str):
            fields[name] = Decimal(fields[name])
    return ObligationYear.objects.create(editor=editor, year=year, **fields)


def declaration(file: ObligationYear, lines=(), status: str = "draft",
                market_basis: str = "fwb", submitted_on: dt.date | None = None
                ) -> TurnoverDeclaration:
    """A Formulaire CA with `lines` as (category, amount) or (category, amount, confidential),
    all on the editor's first service and on every market."""
    decl = TurnoverDeclaration.objects.create(obligation=file, market_basis=market_basis,
                                              status=status, submitted_on=submitted_on)
    service = file.editor.services.first()
    for category, amount, *confidential in lines:
        TurnoverLine.objects.create(declaration=decl, service=service, category=category,
                                    market="all", amount=Decimal(amount),
                                    confidential=bool(confidential and confidential[0]))
    return decl
