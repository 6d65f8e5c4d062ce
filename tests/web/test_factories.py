"""The domains' factories build valid records with a few queries, not the demo."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from montage.web.contribution import services as contribution_services
from tests.web.factories import contribution, fund, investments, ledger, production, registry

pytestmark = pytest.mark.django_db


def test_every_domain_builds_its_records_in_a_few_queries():
    with CaptureQueriesContext(connection) as queries:
        analyst = registry.user("analyste", "csa")
        editor = contribution.editor()
        file = contribution.obligation(editor, 2025, turnover_estimate="5000000.00")
        contribution.declaration(file, [("advertising", "4000000.00"),
                                        ("sponsorship", "600000.00", True)])
        investment = investments.investment(file)
        project = production.project()
        expense = ledger.expense(project.owner, work=project.work)
        application = fund.application(fund.call())
    assert len(queries) < 150  # the demo is some 2 400
    assert analyst.memberships.get().role == "csa_analyst"
    assert contribution_services.step1_eligible_turnover(file).amount == 4600000
    assert investment.producer == investment.work.producer
    assert project.accounts.exists() and expense.owner == project.owner
    assert application.call.funding_line.organisation.kind == "fund"
