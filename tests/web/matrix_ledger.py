"""Permission-matrix rows of this area (merged by test_permissions.py); see matrix_fund.py.

The ledger of a project: its owner's producer managers read and write; a Django superuser reads
(no desk, no writing); other producers, editors, the CSA, the CCA and funds are refused. The
supplier registry: every producer-desk member reads and adds; a company's identity and seats are
edited only by the organisation that owns the record (a producer organisation's own company:
that producer; a supplier: the organisation that recorded it) or a superuser, the other
producers propose a correction; people paid on payroll are edited by their employer only.
Proof exports: the owning producer only.
Keys that stand for two URL arguments are tuples (project, object).
"""

from tests.web.roles import PRODUCERS

OWNER = {"phare"}
READ = OWNER | {"admin"}             # the superuser reads every project
DESK = PRODUCERS | OWNER             # producer managers of any producer organisation

MATRIX: dict = {
    ("ledger_suppliers", None): DESK | {"admin"},
    ("ledger_suppliers_xlsx", None): DESK | {"admin"},  # the same view, the same set
    ("ledger_supplier_search", None): DESK | {"admin"},  # search-as-you-type: the registry
    ("ledger_supplier_new", None): DESK,
    ("ledger_supplier", "ledger_camera"): DESK | {"admin"},
    # Phare's supplier (used only in its ledger): Phare and the superuser edit, others propose
    ("ledger_supplier_edit", "ledger_camera"): OWNER | {"admin"},
    ("ledger_supplier_edit", "ledger_ardenne_company"): {"ardenne", "admin"},
    ("ledger_supplier_correct", "ledger_camera"): DESK - OWNER,
    ("ledger_supplier_correct", "ledger_ardenne_company"): DESK - {"ardenne"},
    ("ledger_person_new", None): DESK,
    ("ledger_person_edit", "ledger_dop"): OWNER,     # Phare's employee
    ("ledger_expenses", "ledger_le_phare"): READ,
    ("ledger_expenses_xlsx", "ledger_le_phare"): READ,
    ("ledger_invoice_new", "ledger_le_phare"): OWNER,
    ("ledger_credit_note_new", "ledger_le_phare"): OWNER,
    ("ledger_payroll_new", "ledger_le_phare"): OWNER,
    ("ledger_expense", "ledger_invoice"): READ,
    ("ledger_expense_edit", "ledger_invoice"): OWNER,
    ("ledger_expense_edit", "ledger_payslip"): OWNER,
    ("ledger_obligations", "ledger_le_phare"): READ,
    ("ledger_obligations", "ledger_nuit_blanche"): READ,
    ("ledger_obligation", "ledger_wallimage"): READ,
    ("ledger_obligation", "ledger_spillover"): READ,
    ("ledger_obligation_export", "ledger_wallimage"): OWNER,
    ("ledger_obligation_export", "ledger_spillover"): OWNER,
    ("ledger_obligation_export", "ledger_screen"): OWNER,
    ("ledger_obligation_export", "ledger_tax_shelter"): OWNER,
}
POST_ONLY: set = {"ledger_spend_report_send",  # the owner sends: test_desks_spend_reports
                  "ledger_supplier_correction",  # the owner's decision: test_supplier_ownership
                  "ledger_expense_cancel"}       # the owner only: test_ledger_cancellation


def OBJECTS() -> dict:
    from montage.web.ledger.models import Expense
    from montage.web.production.models import FinancingSource, Project
    from montage.web.registry.models import Company, Person

    phare = Project.objects.get(work__title="Le Phare", owner__name="Les Films du Phare")
    nuit = Project.objects.get(work__title="Nuit Blanche", owner__name="Les Films du Phare")

    def source(rule):
        return phare.pk, FinancingSource.objects.get(project=phare, rule=rule).pk

    return {"ledger_camera": Company.objects.get(name="Caméra Meuse Location").pk,
            "ledger_ardenne_company": Company.objects.get(name="Ardenne Films").pk,
            "ledger_dop": Person.objects.get(first_name="Luc", last_name="Marchal",
                                             owner__name="Les Films du Phare").pk,
            "ledger_le_phare": phare.pk, "ledger_nuit_blanche": nuit.pk,
            "ledger_invoice": (phare.pk, Expense.objects.get(project=phare,
                                                             source_key="demo:lp01").pk),
            "ledger_payslip": (phare.pk, Expense.objects.get(project=phare,
                                                             source_key="demo:lp40").pk),
            "ledger_wallimage": source("wallimage"), "ledger_spillover": source("spillover"),
            "ledger_screen": source("screen_brussels"),
            "ledger_tax_shelter": source("tax_shelter")}
