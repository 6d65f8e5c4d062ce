"""Bounded inputs (docs/web.md, "Limits"): every page that takes a file refuses one above
MONTAGE_UPLOAD_MAX_BYTES, and every page that reads a workbook refuses a zip bomb before any parser
opens it — openpyxl is never called (it would fill the memory for minutes)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from montage.web.contribution.models import ObligationYear
from montage.web.ledger import bench, imports
from montage.web.ledger.models import ColumnMapping, LedgerImport
from montage.web.production.models import BudgetVersion, Project
from montage.web.registry.models import Membership
from tests.test_workbooks import MB, SHEET, archive

pytestmark = pytest.mark.django_db
# 20 MB of zeros in some 20 KB: a ratio near 1 000, far beyond the limit of 100.
BOMB = archive({"[Content_Types].xml": b"<Types/>", SHEET: 20 * MB})
RATIO_REFUSED = "la partie xl/worksheets/sheet1.xml du classeur se décompresse en"
UNPACKED_REFUSED = "bombe.xlsx: le classeur décompressé pèse 21 Mo, plus que la limite de 2 Mo"

@pytest.fixture(autouse=True)
def no_parser(monkeypatch):
    """Parsing a refused workbook fails the test: the check must come first."""
    def parse(*args, **kwargs):
        raise AssertionError("openpyxl.load_workbook called on a workbook to refuse")
    monkeypatch.setattr("openpyxl.load_workbook", parse)
    monkeypatch.setattr("montage.web.annexes.sheets.load_workbook", parse)

def bomb(name: str = "bombe.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, BOMB, content_type="application/octet-stream")

@pytest.fixture
def project(db):
    return bench.make_project("Le Banc")

@pytest.fixture
def manager(client, project):
    user = get_user_model().objects.create_user("banc.manager")
    Membership.objects.create(user=user, organisation=project.owner,
                              role=Membership.Role.PRODUCER_MANAGER)
    client.force_login(user)
    return client

@pytest.fixture
def mapping(project):
    return ColumnMapping.objects.create(owner=project.owner, name="Compta",
                                        columns={"date": "Date", "amount": "Montant"})

def test_a_zip_bomb_uploaded_to_the_ledger_import_is_refused_before_parsing(
        manager, project, mapping):
    response = manager.post(reverse("ledger_imports", args=[project.pk]),
                            {"file": bomb(), "mapping": mapping.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"bombe.xlsx: {RATIO_REFUSED} " in page and "plus que la limite de 100 fois" in page
    assert not LedgerImport.objects.filter(project=project).exists()

def test_a_zip_bomb_too_large_once_unpacked_is_refused_naming_the_limit_and_its_size(
        manager, project, mapping, settings):
    settings.MONTAGE_XLSX_MAX_UNPACKED_BYTES = 2 * MB
    settings.MONTAGE_XLSX_MAX_RATIO = 10_000
    response = manager.post(reverse("ledger_imports", args=[project.pk]),
                            {"file": bomb(), "mapping": mapping.pk})
    assert UNPACKED_REFUSED in response.content.decode()

def test_a_zip_bomb_as_a_mapping_sample_is_refused_before_parsing(manager, project):
    response = manager.post(reverse("ledger_mapping_new", args=[project.pk]),
                            {"sample": bomb(), "action": "headers", "name": "Compta"})
    assert response.status_code == 200
    assert RATIO_REFUSED in response.content.decode()

def test_a_file_above_the_upload_limit_is_refused_naming_the_limit_and_its_size(
        manager, project, mapping, settings):
    settings.MONTAGE_UPLOAD_MAX_BYTES = 1 * MB
    big = SimpleUploadedFile("grand-livre.csv", b"Date;Montant\n" + b"x" * MB)
    response = manager.post(reverse("ledger_imports", args=[project.pk]),
                            {"file": big, "mapping": mapping.pk})
    assert "grand-livre.csv: le fichier pèse 2 Mo, plus que la limite de 1 Mo" in \
        response.content.decode()
    assert not LedgerImport.objects.filter(project=project).exists()

def test_the_limits_are_environment_variables_in_megabytes(monkeypatch, tmp_path):
    import runpy

    from montage.web import settings as web_settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MONTAGE_UPLOAD_MAX_MB", "3")
    monkeypatch.setenv("MONTAGE_XLSX_MAX_UNPACKED_MB", "7")
    loaded = runpy.run_path(web_settings.__file__)
    assert loaded["MONTAGE_UPLOAD_MAX_BYTES"] == 3 * MB
    assert loaded["MONTAGE_XLSX_MAX_UNPACKED_BYTES"] == 7 * MB


def test_a_zip_bomb_uploaded_as_a_budget_is_refused_before_parsing(demo, login):
    phare = Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")
    versions = BudgetVersion.objects.filter(project=phare).count()
    response = login("phare").post(reverse("production_budget_import", args=[phare.pk]),
                                   {"file": bomb("budget.xlsx")})
    assert response.status_code == 200
    assert f"budget.xlsx: {RATIO_REFUSED}" in response.content.decode()
    assert BudgetVersion.objects.filter(project=phare).count() == versions

@pytest.mark.parametrize("document", ["formulaire_ca", "recap_invest", "preuves_invest"])
def test_a_zip_bomb_uploaded_as_an_annex_is_refused_before_parsing(demo, login, document):
    file = ObligationYear.objects.get(editor__organisation__name="Télé Demo", year=2025)
    response = login("tele.demo").post(reverse("annexes_documents", args=[file.pk]),
                                       {"document": document, "file": bomb("annexe.bin")})
    assert response.status_code == 400
    assert f"annexe.bin: {RATIO_REFUSED}" in response.content.decode()

def test_an_attachment_above_the_upload_limit_is_refused(settings):
    from montage.web.contribution.forms import AttachmentForm

    settings.MONTAGE_UPLOAD_MAX_BYTES = 1 * MB
    form = AttachmentForm(data={"kind": "accounts"},
                          files={"file": SimpleUploadedFile("comptes.pdf", bytes(MB + 1))})
    assert not form.is_valid()
    assert form.errors["file"] == ["comptes.pdf: le fichier pèse 2 Mo, plus que la limite de 1 Mo"]
