"""Demo data: every desk is populated, and loading twice changes nothing."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command

from montage.web.contribution.models import ObligationYear, TurnoverLine
from montage.web.demo import DEMO_USERS, demo_logins, load_demo

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, str]:
    models = [model for config in apps.get_app_configs() if config.name.startswith("montage.web.")
              for model in config.get_models()] + [get_user_model()]
    return {m.__name__: serializers.serialize("json", m.objects.order_by("pk")) for m in models}


def test_demo_is_idempotent():
    load_demo()
    first = snapshot()
    load_demo()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert snapshot() == first


def test_demo_content():
    load_demo()
    kinds = {}
    from montage.web.registry.models import Organisation
    for org in Organisation.objects.all():
        kinds.setdefault(org.kind, []).append(org.name)
    assert {k: len(v) for k, v in kinds.items()} == {"csa": 1, "cca": 1, "fund": 1, "editor": 4,
                                                   "producer": 3}
    # the production desk's Les Films du Phare is the third producer
    # step 1 and step 2 demos add 2026 files; step 2 adds Vidéo Horizon (a shortfall carried
    # over two years until a payment is due), hence four editors
    assert set(ObligationYear.objects.values_list("year", flat=True)) == {2024, 2025, 2026}
    assert TurnoverLine.objects.filter(confidential=True).count() == 1
    establishments = set(ObligationYear.objects.values_list("editor__establishment", flat=True))
    assert establishments == {"local", "external"}
    assert ObligationYear.objects.filter(status="exempt").exists()
    User = get_user_model()
    for username, password, _ in demo_logins():
        assert User.objects.get(username=username).check_password(password)
    assert len(demo_logins()) == len(DEMO_USERS) + 1
