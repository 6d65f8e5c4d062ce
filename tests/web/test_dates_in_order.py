"""Dates and amounts in their order: refused, with a message that names both, whatever the
channel (the model's clean for one record, the services for orders across records)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from montage.web.fund import services as fund_services
from montage.web.fund.models import Call, Decision
from montage.web.investments import services as investments_services
from montage.web.investments.models import Payment
from montage.web.production.models import FinancingSource
from montage.web.registry.services import Refused
from tests.web.factories import contribution, fund, production, registry

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def test_an_application_filed_after_its_call_closed_is_refused():
    call = fund.call(closes_on=dt.date(2025, 4, 30))
    late = fund.application(call, submitted_on=dt.date(2025, 4, 30))  # the last day is in time
    late.pk, late.submitted_on = None, dt.date(2025, 5, 2)
    with pytest.raises(Refused) as refused:
        fund_services.record_application(call, late)
    assert refused.value.errors["submitted_on"] == (
        "« clôture de l'appel » (30/04/2025) précède « déposée le » (02/05/2025).")


def test_a_decision_before_the_submission_is_refused():
    application = fund.application(fund.call(), submitted_on=dt.date(2025, 3, 1),
                                   status="scored")
    decision = Decision(outcome=Decision.Outcome.REFUSED, decided_on=dt.date(2025, 2, 27))
    with pytest.raises(Refused) as refused:
        fund_services.decide_application(application, decision, registry.user("b", "fund"))
    assert "27/02/2025" in refused.value.errors["decided_on"]
    assert "01/03/2025" in refused.value.errors["decided_on"]


def test_a_commitment_before_the_decision_and_a_release_before_the_signature_are_refused():
    application = fund.application(fund.call(), status="scored")
    fund_services.decide_application(application, Decision(
        outcome=Decision.Outcome.ACCEPTED, accepted_amount=D("10000.00"),
        decided_on=dt.date(2025, 4, 1)), registry.user("board", "fund", "fund_board"))
    with pytest.raises(Refused) as refused:
        fund_services.sign_commitment(application, D("10000.00"), D("20000.00"),
                                      dt.date(2025, 3, 31))
    assert "31/03/2025" in refused.value.errors["signed_on"]
    commitment = fund_services.sign_commitment(application, D("10000.00"), D("20000.00"),
                                               dt.date(2025, 4, 15))
    first = commitment.tranches.get(number=1)
    with pytest.raises(Refused, match="14/04/2025.*15/04/2025"):
        fund_services.release_tranche(first, dt.date(2025, 4, 14), registry.user("a", "fund"))


def test_a_call_whose_cap_exceeds_its_envelope_is_refused():
    call = Call(funding_line=fund.call().funding_line, title="Appel", opens_on=dt.date(2025, 1, 1),
                closes_on=dt.date(2025, 3, 1), envelope=D("100000.00"),
                per_project_cap=D("150000.00"))
    with pytest.raises(ValidationError) as refused:
        call.full_clean()
    # Money is written the French way: narrow no-break space for thousands, no-break before €.
    assert refused.value.message_dict["per_project_cap"] == [
        "« montant maximal par projet » (150\u202f000,00\xa0€) dépasse "
        "« enveloppe » (100\u202f000,00\xa0€)."]


def test_a_source_granted_before_it_was_requested_is_refused():
    source = FinancingSource(project=production.project(), label="Wallimage",
                             source_type="regional_fund", amount=D("1000.00"),
                             status="granted", requested_on=dt.date(2025, 3, 5),
                             granted_on=dt.date(2025, 3, 2))
    with pytest.raises(ValidationError) as refused:
        source.clean()
    assert "02/03/2025" in refused.value.message_dict["granted_on"][0]
    assert "05/03/2025" in refused.value.message_dict["granted_on"][0]


def test_a_payment_letter_before_the_csas_decision_or_paid_before_its_letter_is_refused():
    editor = contribution.editor()
    contribution.obligation(editor, 2024, form="payment", status="fixed",
                            eligible_fixed_on=dt.date(2024, 11, 8))
    with pytest.raises(Refused) as refused:
        investments_services.step2_record_payment(editor, 2024, Payment(
            reason="obligation", amount=D("1000.00"), letter_sent_on=dt.date(2024, 11, 1)))
    assert "01/11/2024" in refused.value.errors["letter_sent_on"]
    assert "08/11/2024" in refused.value.errors["letter_sent_on"]
    with pytest.raises(Refused) as refused:
        investments_services.step2_record_payment(editor, 2024, Payment(
            reason="obligation", amount=D("1000.00"), letter_sent_on=dt.date(2024, 12, 1),
            paid_on=dt.date(2024, 11, 30), paid_amount=D("1000.00")))
    assert list(refused.value.errors) == ["paid_on"]
