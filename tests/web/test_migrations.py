"""Data migrations: what an existing database holds is carried over."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("core", "0005_fund_records")]
AFTER = [("core", "0006_ledger_columns")]


@pytest.mark.migration_replay
@pytest.mark.django_db(transaction=True)
def test_0006_moves_the_buckets_key_territory_and_days_out_of_their_flags():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Organisation = apps.get_model("core", "Organisation")
    Work = apps.get_model("core", "Work")
    Project = apps.get_model("core", "Project")
    LedgerBucket = apps.get_model("core", "LedgerBucket")
    owner = Organisation.objects.create(name="Avant 0006", kind="producer")
    work = Work.objects.create(title="Avant", work_type="feature", initiative="belgium")
    project = Project.objects.create(owner=owner, work=work)
    kept = {"supplier": {"name": "Meuse Caméras"}, "studio": "", "location_rental": False}
    LedgerBucket.objects.create(
        project=project, key="k1", month=dt.date(2025, 3, 1), account_code="07.01",
        kind="invoice", cost_type="direct", lines=2, amount=Decimal("30.00"),
        flags=dict(kept, **{"class": "c1", "territory": "wallonia",
                            "days": {"14": ["10.00", "0.00"], "20": ["20.00", "0.00"]}}))
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    bucket = apps.get_model("core", "LedgerBucket").objects.get(key="k1")
    assert (bucket.facts_key, bucket.territory) == ("c1", "wallonia")
    assert bucket.days == {"14": ["10.00", "0.00"], "20": ["20.00", "0.00"]}
    assert bucket.flags == kept
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
