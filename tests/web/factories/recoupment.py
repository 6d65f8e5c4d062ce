"""A work's financing sources, recoupment agreement and receipts (montage.web.recoupment)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from montage.web.fund.models import Commitment
from montage.web.production.models import FinancingSource
from montage.web.recoupment import services
from montage.web.recoupment.models import Receipt, Share

from . import fund, production, registry


def three_corridors(owner=None):
    """A project financed by a fund (with its commitment), a broadcaster and a Tax Shelter
    investor, and an agreement: the fund off the top (30 % up to 100 000 € + 10 %), then the
    broadcaster and the investor pro rata (up to their financing), then half to the fund."""
    project = production.project(owner)
    wallimage = registry.organisation("fund", f"Fonds régional ({project.work.title})")
    app = fund.application(fund.call(wallimage), title=f"Appel {project.work.title}")
    commitment = Commitment.objects.create(application=app, amount=Decimal("100000.00"),
                                           walloon_spend_committed=Decimal("180000.00"),
                                           signed_on=dt.date(2025, 2, 1))
    tele = registry.organisation("editor", f"Télé Essai ({project.work.title})")
    src = {}
    for key, label, kind, amount, financier in (
            ("fund", "Fonds régional — coproduction", "regional_fund", "100000.00", wallimage),
            ("tele", "Télé Essai — coproduction", "broadcaster_coproduction", "150000.00", tele),
            ("ts", "Tax Shelter", "tax_shelter", "300000.00", None)):
        src[key] = FinancingSource.objects.create(
            project=project, label=label, source_type=kind, amount=Decimal(amount),
            financier=financier, commitment=commitment if key == "fund" else None)
    first = services.add_corridor(project, "Fonds régional, en tête", off_the_top=True)
    services.save_share(first, Share(source=src["fund"], kind="beyond_pro_rata",
                                     rate=Decimal("0.30"), cap=Decimal("100000.00"),
                                     premium=Decimal("0.10")))
    second = services.add_corridor(project, "Diffuseur et Tax Shelter")
    for key in ("tele", "ts"):
        services.save_share(second, Share(source=src[key], kind="pro_rata",
                                          cap=src[key].amount))
    third = services.add_corridor(project, "Au-delà")
    services.save_share(third, Share(source=src["fund"], kind="fixed", rate=Decimal("0.5")))
    return project, src


def receipt(project, gross: str = "100000.00", start=dt.date(2026, 1, 1),
            end=dt.date(2026, 6, 30), **fields) -> Receipt:
    fields.setdefault("source", "distributor")
    fields.setdefault("payer", "Distributeur Essai")
    fields.setdefault("territory", "BE")
    return services.record_receipt(project, Receipt(gross=Decimal(gross), period_start=start,
                                                    period_end=end, **fields))
