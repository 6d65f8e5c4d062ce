"""Permission-matrix rows of the ledger at scale (merged by test_permissions.py): imports,
column mappings, the import progress JSON and the project dashboard.

Read (import list, an import and its progress, the dashboard): the producer managers of the
project's owner organisation (`phare` for the demo's Les Films du Phare) and a Django superuser
(`admin`, who reads every project). Upload and column mappings: the owner's producer managers
only. Everyone else: 403 (permissions.can_view_project / can_edit_project).
"""

OWNER = {"phare"}
READ = OWNER | {"admin"}

MATRIX: dict = {
    ("ledger_imports", "import_le_phare"): READ,
    ("ledger_import", "import_record"): READ,
    ("ledger_import_progress", "import_record"): READ,
    ("ledger_mapping_new", "import_le_phare"): OWNER,
    ("ledger_mapping_edit", "import_mapping"): OWNER,
    ("ledger_dashboard", "import_le_phare"): READ,
    ("ledger_dashboard", "import_nuit_blanche"): READ,
}
POST_ONLY: set = {"ledger_import_retry"}  # owner only (test_ledger_import_jobs.py)


def OBJECTS() -> dict:
    from montage.web.ledger.models import ColumnMapping, LedgerImport
    from montage.web.production.models import Project

    phare = Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")
    nuit = Project.objects.get(work__title="Nuit Blanche", owner__name="Les Films du Phare")
    record, _ = LedgerImport.objects.get_or_create(
        project=phare, sha256="f" * 64,
        defaults=dict(file_name="matrice.csv", format="csv", status="failed",
                      errors=[{"file": "matrice.csv", "row": 2, "column": "Date",
                               "expected": "a date", "value": "x"}]))
    mapping, _ = ColumnMapping.objects.get_or_create(
        owner=phare.owner, name="Matrice", defaults={"columns": {"date": "Date",
                                                                "amount": "Montant",
                                                                "supplier_name": "Tiers"}})
    return {"import_le_phare": phare.pk, "import_nuit_blanche": nuit.pk,
            "import_record": (phare.pk, record.pk), "import_mapping": (phare.pk, mapping.pk)}
