"""Permission-matrix rows of this area (merged by test_permissions.py).

MATRIX: (url name, object key or None) -> users allowed to GET it (200); other logged-in users
get 403, anonymous users the login page. OBJECTS(): extra object keys -> primary keys.
POST_ONLY: url names that only accept POST (tested in the area's own tests, each role included).

The regional fund's annual report: fund analysts and board members of the fund organisation
(permissions.can_view_fund_report); the CSA, the CCA, editors and producers are refused.
The fund desk (calls, applications, commitments): analysts and board members of the call's fund
read; only analysts create calls and record applications (permissions' fund-desk block).
"""

from tests.web.roles import FUND

ANALYST = {"wallimage"}

MATRIX: dict = {
    ("fund_report", None): FUND,
    ("fund_reconciliation", None): FUND,
    ("fund_report_xlsx", None): FUND,
    ("fund_report_pdf", None): FUND,
    ("fund_report_table", "fund_table_live_types"): FUND,
    ("fund_report_table", "fund_table_gaming"): FUND,
    ("fund_calls", None): FUND,
    ("fund_calls_xlsx", None): FUND,  # the same view, the same set
    ("fund_applications", None): FUND,
    ("fund_applications_xlsx", None): FUND,
    ("fund_call_new", None): ANALYST,
    ("fund_call_detail", "fund_pilots_call"): FUND,
    ("fund_call_edit", "fund_pilots_call"): ANALYST,
    ("fund_application_new", "fund_pilots_call"): ANALYST,
    ("fund_application_detail", "fund_detour"): FUND,
    ("fund_application_detail", "fund_voisins"): FUND,
    ("fund_application_edit", "fund_quiz"): ANALYST,   # not decided yet: correctable
    ("fund_commitment_detail", "fund_brumes_commitment"): FUND,
    # Le Phare's application, filed from its project: the fund's desk and its producer
    ("fund_application_detail", "fund_phare"): FUND,
    ("fund_application_document", "fund_phare_document"): FUND | {"phare"},
    # Le Phare's spend report (its proof lines only): the fund's desk and the producer
    ("fund_spend_report", "fund_phare_report"): FUND | {"phare"},
    ("fund_commitment_detail", "fund_report_commitment"): FUND,
    # the enterprise fund, the film office, the recoupments (permissions' fund block)
    ("fund_recoupments", None): FUND,
    ("fund_recoupments_xlsx", "fund_receipts_year"): FUND,
    ("fund_enterprise", None): FUND,
    ("fund_enterprise_company", "fund_portfolio_holding"): FUND,
    ("fund_enterprise_company", "fund_ardenne_holding"): FUND,
    ("fund_film_office", None): FUND,
    # corrections (test_fund_corrections): analysts of the record's fund only
    ("fund_enterprise_instrument_edit", "fund_ardenne_instrument"): ANALYST,
    ("fund_enterprise_movement_edit", "fund_ardenne_movement"): ANALYST,
    ("fund_shooting_file_edit", "fund_shooting_file"): ANALYST,
}
POST_ONLY: set = {"fund_application_score", "fund_application_decide", "fund_commitment_new",
                  "fund_commitment_spend", "fund_tranche_release", "fund_commitment_cancel",
                  "fund_recoupment_new", "fund_enterprise_holding_new",
                  "fund_enterprise_instrument_new", "fund_enterprise_movement_new",
                  "fund_shooting_file_new",
                  # cancellations, a reason required (test_fund_corrections)
                  "fund_call_cancel", "fund_application_cancel",
                  "fund_enterprise_instrument_cancel", "fund_enterprise_movement_cancel",
                  "fund_shooting_file_cancel",
                  # test_desks_fund_link: the analyst asks, the board and producers get 403
                  "fund_application_ask",
                  # test_desks_spend_reports: the analyst rejects and releases
                  "fund_spend_line_reject", "fund_spend_report_release"}


def OBJECTS() -> dict:
    from montage.web.fund.models import (EnterpriseHolding, EnterpriseInstrument,
                                         EnterpriseMovement, ShootingFile)
    from montage.web.fund.models import Application, Call, Commitment

    from montage.web.fund.models import ApplicationDocument, SpendReport

    phare = Application.objects.get(work__title="Le Phare")
    # the tables are identified by the report's section number, not by a database key
    return {"fund_table_live_types": "2.2.2.2", "fund_table_gaming": "4.2.6",
            "fund_pilots_call": Call.objects.get(title__startswith="Appel à projets pilotes").pk,
            "fund_detour": Application.objects.get(work__title="Le Grand Détour").pk,
            "fund_voisins": Application.objects.get(work__title="Les Voisins d'en face").pk,
            "fund_quiz": Application.objects.get(work__title="Le Quiz des Terrils").pk,
            "fund_ardenne_instrument": EnterpriseInstrument.objects.filter(
                holding__company__name="Ardenne Films").first().pk,
            "fund_ardenne_movement": EnterpriseMovement.objects.filter(
                instrument__holding__company__name="Ardenne Films").first().pk,
            "fund_shooting_file": ShootingFile.objects.first().pk,
            "fund_brumes_commitment": Commitment.objects.get(
                application__work__title="Les Brumes de Meuse").pk,
            "fund_report_commitment": Commitment.objects.get(report_no=1,
                                                             application__work__title="Jeunes Mères").pk,
            "fund_portfolio_holding": EnterpriseHolding.objects.get(
                company__name__startswith="Wallimage Entreprises").pk,
            "fund_ardenne_holding": EnterpriseHolding.objects.get(company__name="Ardenne Films").pk,
            "fund_phare": phare.pk,
            "fund_phare_report": SpendReport.objects.filter(
                tranche__commitment__application=phare).first().pk,
            "fund_phare_document": ApplicationDocument.objects.filter(application=phare).first().pk,
            # the §6.2 table is identified by its year
            "fund_receipts_year": 2024}
