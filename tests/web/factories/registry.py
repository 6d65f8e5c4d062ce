"""Organisations, users of a desk, companies and works (montage.web.registry)."""

from __future__ import annotations

from itertools import count

from django.contrib.auth import get_user_model

from montage.web.registry.models import Company, Membership, Organisation, Work

PASSWORD = "montage-test"
_serial = count(1)

# the role a desk's user has by default, by the kind of its organisation
ROLE_OF_KIND = {"editor": "editor_officer", "producer": "producer_manager",
                "csa": "csa_analyst", "cca": "cca_analyst", "fund": "fund_analyst"}


def organisation(kind: str, name: str | None = None, **fields) -> Organisation:
    return Organisation.objects.get_or_create(
        name=name or f"{kind} {next(_serial)}", defaults=dict(kind=kind, **fields))[0]


def user(username: str, organisation_or_kind: Organisation | str | None = None,
         role: str | None = None, password: str = PASSWORD):
    """A user with a membership: `user("csa1", "csa")` or `user("x", an_org, "fund_board")`."""
    member = get_user_model().objects.create_user(username, password=password)
    if organisation_or_kind is not None:
        org = (organisation(organisation_or_kind) if isinstance(organisation_or_kind, str)
               else organisation_or_kind)
        Membership.objects.create(user=member, organisation=org,
                                  role=role or ROLE_OF_KIND[org.kind])
    return member


def company(name: str | None = None, postal_code: str = "4000", city: str = "Liège",
            **fields) -> Company:
    return Company.objects.create(name=name or f"Société {next(_serial)}",
                                  registered_postal_code=postal_code, registered_city=city,
                                  **fields)


def producer(name: str | None = None, **company_fields) -> Organisation:
    """A producer organisation and its company (one record whatever desk uses it)."""
    firm = company(name, **company_fields)
    return organisation("producer", firm.name, company=firm)


def work(title: str | None = None, producer: Company | None = None, work_type: str = "feature",
         **fields) -> Work:
    return Work.objects.create(title=title or f"Œuvre {next(_serial)}", work_type=work_type,
                               initiative=fields.pop("initiative", "belgium"), producer=producer,
                               **fields)
