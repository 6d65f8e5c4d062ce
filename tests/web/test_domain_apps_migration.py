"""The move of the models from `core` to their domain apps (core 0008) changes no row and no
figure: a database built at today's last migration, holding the demo, is taken back to the old
layout (core 0007, every model in `core`) and forward again, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from django.apps import apps as current_apps
from django.core import serializers
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from montage.web.contribution.models import EditorProfile
from montage.web.contribution.services import evaluate_editor
from montage.web.demo import load_demo
from montage.web.fund.records import annual_report
from montage.web.registry.models import Organisation

OLD_LAYOUT = [("core", "0007_supplier_ownership")] + [
    (app, None) for app in ("registry", "contribution", "investments", "production", "ledger",
                            "fund")]
DOMAIN_APPS = ("registry", "contribution", "investments", "production", "ledger", "fund")
# Tables created by later migrations (credit allocations, spend reports, producers' applications'
# documents…) are not in the old layout: taking it back drops them, so the comparison is of the
# old layout's tables, which keep every row.


def _old_fields() -> dict[str, set[str]]:
    """Each table's fields in the old layout: columns added since are dropped by going back."""
    loader = MigrationExecutor(connection).loader
    state = loader.project_state([t for t in OLD_LAYOUT if t[1] is not None]).apps
    return {m._meta.db_table: {f.name for f in m._meta.fields}
            for m in state.get_app_config("core").get_models()}


def rows() -> dict[str, str]:
    old = _old_fields()
    return {model._meta.db_table: serializers.serialize(
                "json", model._base_manager.order_by("pk"),
                fields=sorted(old.get(model._meta.db_table, set()) - {"id"}) or None)
            for app in DOMAIN_APPS for model in current_apps.get_app_config(app).get_models()
            if model._meta.db_table in old}


def figures() -> dict[str, str]:
    """What the desks compute from the rows: each editor's years, each fund's annual report."""
    out = {f"editor {e.pk}": repr(evaluate_editor(e)) for e in EditorProfile.objects.order_by("pk")}
    for fund in Organisation.objects.filter(kind="fund").order_by("pk"):
        out[f"fund {fund.pk}"] = repr(annual_report(fund.pk))
    return out


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    nodes = [target for target in targets if target[1] is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


@pytest.mark.migration_replay
@pytest.mark.django_db(transaction=True)
def test_the_demo_keeps_every_row_and_figure_through_the_move_to_domain_apps():
    load_demo()
    before_rows, before_figures = rows(), figures()
    assert len(before_rows) == 51 and all(before_rows.values())

    old = migrate(OLD_LAYOUT)
    # The old layout sees the same tables, under the app `core`, with the same rows.
    for model in old.get_app_config("core").get_models():
        assert model._meta.db_table in before_rows
        assert model.objects.count() == current_apps.get_model(
            _app_of(model._meta.db_table), model.__name__)._base_manager.count()
    assert {m._meta.db_table for m in old.get_app_config("core").get_models()} == set(before_rows)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_content_type WHERE app_label = 'registry'")
        assert cursor.fetchone()[0] == 0  # the content types went back to `core`

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert rows() == before_rows
    assert figures() == before_figures


def _app_of(table: str) -> str:
    return next(app for app in DOMAIN_APPS for m in current_apps.get_app_config(app).get_models()
                if m._meta.db_table == table)
