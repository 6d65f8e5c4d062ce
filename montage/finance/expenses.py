"""An expense as the rules see it: a plain dataclass the application builds from its ledger.

One expense may count toward several obligations (Wallimage, a broadcaster's FWB spillover,
screen.brussels, the Tax Shelter); within one obligation it counts at most once and at most for
its amount. Which obligations it serves is decided by `montage.finance.obligations`, from the
facts recorded here: amount, date, supplier seats, and the flags each financier's rules look at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from montage.errors import InputError
from montage.money import ZERO, to_cents

EXPENSE_KINDS = ("invoice", "payroll")
COST_TYPES = ("direct", "overhead", "producer_fee", "commission")
"""`direct`: an ordinary production cost. The three others are the producer's own remuneration and
costs that the broadcasters' spillover caps (overhead 7 %, producer fee 10 %) and the Tax Shelter
counts only up to 18 % of Belgian expenses (producer fees, overheads, commissions)."""


@dataclass(frozen=True)
class Supplier:
    """Who is paid. For a company: registered seat and, when different, operating seat. For a
    person (payroll, self-employed): `postal_code` is the domicile.

    `audiovisual_activity`: whether the corporate purpose and NACE code(s) show an audiovisual
    activity (True), do not (False), or it is not recorded (None). Wallimage asks it shown from
    2025; screen.brussels refuses suppliers whose main activity is not audiovisual.
    """

    name: str
    postal_code: str | None = None              # registered seat (domicile for a person)
    operating_postal_code: str | None = None    # operating seat, when it has one
    country: str = "BE"                         # ISO 3166 alpha-2 of the registered seat
    audiovisual_activity: bool | None = None

    def __post_init__(self):
        if not self.name or not self.name.strip():
            raise InputError("a supplier needs a name", field="supplier")
        if len(self.country) != 2 or not self.country.isalpha() or not self.country.isupper():
            raise InputError("expected a country code like \"BE\", got %(country)r",
                             field="country", params={"country": self.country})
        if self.country == "BE" and not self.postal_code:
            raise InputError("Belgian supplier %(name)r needs the postal code of its "
                             "registered seat", field="postal_code", params={"name": self.name})


# THE list of an expense's yes/no facts the rules look at (the import, the buckets and the rules
# all read it from here), in this order wherever they are kept as a tuple
FLAGS = ("location_rental", "post_production", "vfx", "vehicle_rental_agency", "hotel_night",
         "private_flat_set", "directly_linked")


class LedgerLine(NamedTuple):
    """One ledger line as the import plans it and the buckets key it (plain values: it is
    spilled to a temporary file by millions). `party`: the index of its supplier or employee
    in the import's list; dates as ordinals (`paid`: 0 when unpaid); amounts as Decimal text;
    `flags`: the FLAGS values, in FLAGS order. A credit note (kind "credit_note", negative
    amount) is written with the rest but netted after (montage.web.ledger.credits)."""

    kind: str
    party: int
    date: int
    number: str
    amount: str
    vat_rate: str
    description: str
    category: str
    cost_type: str
    paid: int
    flags: tuple
    studio: str
    manager_services: str
    manager_lives_in_wallonia: bool | None
    missing_fields: tuple
    source_key: str
    line_id: str
    row: int
    credits: str = ""     # a credit note: the number of the invoice it credits


@dataclass(frozen=True)
class Expense:
    """One ledger line, excluding VAT.

    `id` identifies the ledger line (unique within a project): an obligation refuses the same id
    twice, so that no expense is counted twice for one obligation.
    `category` is the budget category code (chart of accounts) the expense is booked on.
    `kind`: `invoice` (a supplier's invoice) or `payroll` (gross salary of someone the producer
    employs; `supplier` is the person, `employer` the producer company).
    """

    id: str
    amount: Decimal
    date: dt.date
    supplier: Supplier
    category: str = ""
    kind: str = "invoice"
    cost_type: str = "direct"
    description: str = ""
    employer: Supplier | None = None      # payroll: the employing company (the producer)
    # facts some financiers' rules look at
    location_rental: bool = False         # rent of a shooting location (lieu de tournage)
    studio: str | None = None             # studio hired, by name ("RTBF Média Rives")
    manager_services: Decimal = ZERO      # part of `amount` paid for the services of the
                                          # supplier's own manager(s) (gérant, administrateur)
    manager_lives_in_wallonia: bool | None = None
    post_production: bool = False
    vfx: bool = False                     # digital visual effects (VFX, not on-set SFX)
    vehicle_rental_agency: bool = False   # transport vehicle hired from a rental agency
    hotel_night: bool = False
    private_flat_set: bool = False        # a private individual's flat rented as a set
    directly_linked: bool = True          # Tax Shelter: directly linked to production
    missing_fields: tuple[str, ...] = field(default=())  # invoice mandatory fields absent

    def __post_init__(self):
        if not self.id or not str(self.id).strip():
            raise InputError("an expense needs its ledger id", field="id")
        for name in ("amount", "manager_services"):
            value = getattr(self, name)
            if isinstance(value, (float, bool)) or not isinstance(value, Decimal):
                raise InputError("expected a Decimal amount, got %(value)r", field=name,
                                 params={"value": value})
            if not value.is_finite() or value < 0:
                raise InputError("expected an amount of zero or more, got %(value)s", field=name,
                                 params={"value": value})
            if value != to_cents(value):
                raise InputError("an expense is in euros and cents, got %(value)s", field=name,
                                 params={"value": value})
        if self.manager_services > self.amount:
            raise InputError("the manager's services cannot exceed the expense amount",
                             field="manager_services")
        if self.kind not in EXPENSE_KINDS:
            raise InputError("unknown expense kind %(kind)r; expected one of %(choices)s",
                             field="kind",
                             params={"kind": self.kind, "choices": ", ".join(EXPENSE_KINDS)})
        if self.cost_type not in COST_TYPES:
            raise InputError("unknown cost type %(cost_type)r; expected one of %(choices)s",
                             field="cost_type",
                             params={"cost_type": self.cost_type, "choices": ", ".join(COST_TYPES)})
        if not isinstance(self.date, dt.date) or isinstance(self.date, dt.datetime):
            raise InputError("expected a date, got %(date)r", field="date",
                             params={"date": self.date})

    @property
    def is_post_production(self) -> bool:
        """Post-production, VFX included (Wallimage 2025 regulation, point 7.1)."""
        return self.post_production or self.vfx

    @property
    def seat_holder(self) -> Supplier:
        """Whose seat decides the territory for the broadcasters, screen.brussels and the Tax
        Shelter: the supplier for an invoice, the employing company for payroll."""
        if self.kind == "payroll":
            if self.employer is None:
                raise InputError("payroll expense %(id)s: the employing company is needed",
                                 field="employer", params={"id": self.id})
            return self.employer
        return self.supplier
