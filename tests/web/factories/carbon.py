"""A project's carbon records (montage.web.carbon), through its services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from montage.web.carbon import services
from montage.web.carbon.models import Activity


def activity(project, quantity: str = "100", unit: str = "litre",
             factor: str = "carbon.diesel_litre", basis: str = "actual", post: str = "technical",
             phase: str = "shooting", date: dt.date = dt.date(2026, 5, 4), **fields) -> Activity:
    user_factor = fields.pop("user_factor", None)
    return services.record_activity(project, Activity(
        basis=basis, post=post, phase=phase, label=fields.pop("label", f"{quantity} {unit}"),
        date=date, quantity=Decimal(quantity), unit=unit, factor_code=factor,
        user_factor=Decimal(user_factor) if user_factor else None, **fields), None)
