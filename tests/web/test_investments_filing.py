"""Step 2 §3: the editor presents the year's investments to the CCA by the deadline of the
parameter `deadlines.investment_filing`; the calendar's step is done on that day (it was never
done before: no record held the date)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from montage.web.contribution import services as contribution_services
from montage.web.contribution.models import ObligationYear
from montage.web.investments import services as investments_services
from montage.web.investments.models import Investment
from montage.web.registry.models import AuditEntry
from montage.web.registry.services import Refused

pytestmark = pytest.mark.django_db
SPACES = str.maketrans({"\u202f": " ", "\xa0": " "})


def tele(year: int) -> ObligationYear:
    return ObligationYear.objects.get(editor__organisation__name="Télé Demo", year=year)


def filing_step(file: ObligationYear, as_of: dt.date):
    calendar = contribution_services.step1_calendar(file, as_of=as_of)
    return next(d for d in calendar.deadlines if d.key == "investment_filing")


def test_the_editor_presents_its_investments_and_the_calendar_step_is_done_that_day(login, demo):
    file = tele(2025)
    Investment.objects.create(editor=file.editor, obligation=file, category="coproduction",
                              amount=D("1000.00"))
    due = filing_step(file, dt.date(file.year, 1, 2)).due
    assert filing_step(file, due + dt.timedelta(days=1)).status == "overdue"
    client = login("tele.demo")
    page = client.get(reverse("investments_register", args=[file.pk])).content.decode()
    assert "Présenter les investissements au CCA" in page
    assert f"au plus tard le {due:%d/%m/%Y}" in page.translate(SPACES)
    response = client.post(reverse("investments_file_investments", args=[file.pk]))
    assert response.status_code == 303
    file.refresh_from_db()
    assert file.investments_filed_on == timezone.localdate()
    step = filing_step(file, due + dt.timedelta(days=1))
    assert step.done_on == file.investments_filed_on and step.status in ("done", "late")
    page = client.get(reverse("investments_register", args=[file.pk])).content.decode()
    assert f"Investissements présentés au CCA le {file.investments_filed_on:%d/%m/%Y}" in page
    assert AuditEntry.objects.filter(field="investments_filed_on",
                                     object_id=str(file.pk)).exists()


def test_a_presentation_before_the_deadline_is_done_and_after_it_late(demo):
    file = tele(2025)
    Investment.objects.create(editor=file.editor, obligation=file, category="coproduction",
                              amount=D("1000.00"))
    due = filing_step(file, dt.date(file.year, 1, 2)).due
    investments_services.step2_file_investments(file, due)
    assert filing_step(file, due + dt.timedelta(days=30)).status == "done"
    file.investments_filed_on = None
    file.save()
    investments_services.step2_file_investments(file, due + dt.timedelta(days=1))
    assert filing_step(file, due + dt.timedelta(days=30)).status == "late"


def test_presenting_twice_a_payment_file_or_no_investment_is_refused_with_the_reason(demo):
    file = tele(2025)
    file.investments.all().delete()
    with pytest.raises(Refused, match="au moins un investissement|at least one investment"):
        investments_services.step2_file_investments(file, dt.date(file.year, 11, 1))
    Investment.objects.create(editor=file.editor, obligation=file, category="coproduction",
                              amount=D("1000.00"))
    investments_services.step2_file_investments(file, dt.date(file.year, 11, 1))
    with pytest.raises(Refused, match="01/11"):
        investments_services.step2_file_investments(file, dt.date(file.year, 11, 2))
    payment = ObligationYear.objects.get(editor__organisation__name="StreamFlix Europe", year=file.year)
    with pytest.raises(Refused):
        investments_services.step2_file_investments(payment, dt.date(file.year, 11, 1))


def test_the_demo_presented_its_2024_investments_so_that_step_is_done(demo):
    file = tele(2024)
    assert file.investments_filed_on is not None
    assert filing_step(file, file.investments_filed_on + dt.timedelta(days=400)).status == "done"
