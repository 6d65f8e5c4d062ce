"""The JSON API's contract does not move when its code does: every path, method and OpenAPI
operation id, as they were when the routes lived in montage/web/api/api.py and operations.py
(the ids still say so: clients generated from the document call them by these names). The
routes now live in one router per domain (montage/web/api/<domain>/routes.py); a path and all
its methods belong to one router, else Django would send the other router's methods to a 405.

The request and response shapes are the schemas' (test_api.py validates the document);
this test holds the list itself, not a copy of the document.
"""

from collections import Counter

from montage.web.api.api import api
from montage.web.api.carbon.routes import router as carbon
from montage.web.api.contribution.routes import router as contribution
from montage.web.api.desks.routes import router as desks
from montage.web.api.investments.routes import router as investments
from montage.web.api.parameters.routes import router as parameters
from montage.web.api.recoupment.routes import router as recoupment
from montage.web.api.registry.routes import router as registry

ROUTES = [
    ("GET", "/api/projects/{pk}/footprint", "montage_web_api_carbon_footprint"),
    ("POST", "/api/projects/{pk}/activities", "montage_web_api_carbon_activity_create"),
    ("GET", "/api/projects/{pk}/receipts", "montage_web_api_recoupment_receipt_list"),
    ("POST", "/api/projects/{pk}/receipts", "montage_web_api_recoupment_receipt_create"),
    ("GET", "/api/projects/{pk}/waterfall", "montage_web_api_recoupment_waterfall"),
    ("GET", "/api/recoupment-statements/{pk}", "montage_web_api_recoupment_statement"),
    ("GET", "/api/attachments/{pk}", "montage_web_api_operations_attachment_download"),
    ("GET", "/api/contribution", "montage_web_api_api_contribution"),
    ("GET", "/api/editors/{pk}/evaluation", "montage_web_api_api_editor_evaluation"),
    ("GET", "/api/editors/{pk}/payments", "montage_web_api_operations_payment_list"),
    ("POST", "/api/editors/{pk}/payments", "montage_web_api_operations_payment_create"),
    ("GET", "/api/history/{kind}/{pk}", "montage_web_api_api_history"),
    ("PUT", "/api/independence/{pk}", "montage_web_api_operations_independence_replace"),
    ("GET", "/api/investments", "montage_web_api_api_investment_list"),
    ("POST", "/api/investments", "montage_web_api_api_investment_create"),
    ("GET", "/api/investments/{pk}", "montage_web_api_api_investment_detail"),
    ("PATCH", "/api/investments/{pk}", "montage_web_api_api_investment_update"),
    ("GET", "/api/investments/{pk}/attachments",
     "montage_web_api_operations_investment_attachments"),
    ("POST", "/api/investments/{pk}/attachments",
     "montage_web_api_operations_investment_attachment_add"),
    ("POST", "/api/investments/{pk}/decision", "montage_web_api_api_investment_decision"),
    ("GET", "/api/investments/{pk}/spillover", "montage_web_api_operations_spillover"),
    ("POST", "/api/investments/{pk}/spillover-proofs", "montage_web_api_operations_spillover_add"),
    ("POST", "/api/investments/{pk}/status", "montage_web_api_operations_investment_status"),
    ("GET", "/api/me", "montage_web_api_api_me"),
    ("GET", "/api/obligations", "montage_web_api_api_obligation_list"),
    ("POST", "/api/obligations", "montage_web_api_operations_obligation_open"),
    ("GET", "/api/obligations/{pk}", "montage_web_api_api_obligation_detail"),
    ("GET", "/api/obligations/{pk}/attachments",
     "montage_web_api_operations_obligation_attachments"),
    ("POST", "/api/obligations/{pk}/attachments",
     "montage_web_api_operations_obligation_attachment_add"),
    ("POST", "/api/obligations/{pk}/choice", "montage_web_api_operations_obligation_choice"),
    ("GET", "/api/obligations/{pk}/committee", "montage_web_api_api_obligation_committee"),
    ("PUT", "/api/obligations/{pk}/committee-meeting",
     "montage_web_api_operations_committee_meeting"),
    ("GET", "/api/obligations/{pk}/committee-report",
     "montage_web_api_operations_committee_report"),
    ("POST", "/api/obligations/{pk}/decision", "montage_web_api_operations_decision_record"),
    ("POST", "/api/obligations/{pk}/decision/preview",
     "montage_web_api_operations_decision_preview"),
    ("POST", "/api/obligations/{pk}/presumption", "montage_web_api_operations_presumption"),
    ("GET", "/api/obligations/{pk}/questions", "montage_web_api_operations_question_list"),
    ("POST", "/api/obligations/{pk}/questions", "montage_web_api_operations_question_ask"),
    ("GET", "/api/obligations/{pk}/service-facts", "montage_web_api_operations_service_facts_list"),
    ("PUT", "/api/obligations/{pk}/service-facts", "montage_web_api_operations_service_facts_save"),
    ("POST", "/api/obligations/{pk}/submit", "montage_web_api_operations_declaration_submit"),
    ("GET", "/api/obligations/{pk}/turnover-lines", "montage_web_api_api_turnover_line_list"),
    ("POST", "/api/obligations/{pk}/turnover-lines",
     "montage_web_api_operations_turnover_line_create"),
    ("GET", "/api/organisations", "montage_web_api_api_organisation_list"),
    ("GET", "/api/parameters", "montage_web_api_parameters_list"),
    ("GET", "/api/parameters/{name}", "montage_web_api_parameters_detail"),
    ("POST", "/api/parameters/{name}/values", "montage_web_api_parameters_enter"),
    ("PATCH", "/api/payments/{pk}", "montage_web_api_operations_payment_update"),
    ("GET", "/api/producers/{pk}/independence", "montage_web_api_operations_independence_list"),
    ("POST", "/api/producers/{pk}/independence", "montage_web_api_operations_independence_create"),
    ("POST", "/api/questions/{pk}/answer", "montage_web_api_operations_question_answer"),
    ("PATCH", "/api/spillover-proofs/{pk}", "montage_web_api_operations_spillover_missing"),
    ("POST", "/api/token", "montage_web_api_api_token"),
    ("DELETE", "/api/turnover-lines/{pk}", "montage_web_api_operations_turnover_line_delete"),
    ("PATCH", "/api/turnover-lines/{pk}", "montage_web_api_operations_turnover_line_update"),
    ("GET", "/api/works", "montage_web_api_api_work_list"),
    ("GET", "/api/works/{pk}", "montage_web_api_api_work_detail"),
    # the desks (montage/web/api/desks/routes.py)
    ("POST", "/api/investments/{pk}/link", "montage_web_api_desks_investment_link"),
    ("POST", "/api/projects/{pk}/applications", "montage_web_api_desks_application_submit"),
    ("POST", "/api/investment-links/{pk}/confirm", "montage_web_api_desks_investment_link_confirm"),
    ("POST", "/api/investment-links/{pk}/proof-lists", "montage_web_api_desks_proof_list_share"),
    ("GET", "/api/proof-lists/{pk}", "montage_web_api_desks_proof_list"),
    ("POST", "/api/sources/{pk}/spend-reports", "montage_web_api_desks_spend_report_send"),
    ("GET", "/api/spend-reports/{pk}", "montage_web_api_desks_spend_report"),
    ("POST", "/api/spend-report-lines/{pk}/reject", "montage_web_api_desks_spend_line_reject"),
    ("POST", "/api/spend-reports/{pk}/release", "montage_web_api_desks_spend_report_release"),
]
ROUTERS = {"registry": registry, "contribution": contribution, "investments": investments,
           "parameters": parameters, "recoupment": recoupment, "desks": desks,
           "carbon": carbon}


def _operations(document) -> list[tuple[str, str, str]]:
    return sorted((method.upper(), path, operation["operationId"])
                  for path, item in document["paths"].items()
                  for method, operation in item.items())


def test_paths_methods_and_operation_ids_are_unchanged():
    assert _operations(api.get_openapi_schema()) == sorted(ROUTES)


def test_the_document_served_is_the_same(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader"))
    assert _operations(client.get("/api/openapi.json").json()) == sorted(ROUTES)


def test_a_path_belongs_to_one_router():
    owners = Counter(path for router in ROUTERS.values() for path in router.path_operations)
    assert [path for path, count in owners.items() if count > 1] == []
    assert sum(len(router.path_operations) for router in ROUTERS.values()) == \
        len({path for _, path, _ in ROUTES})


def test_every_method_of_a_path_reaches_its_view(client):
    """Anonymous, every route answers 401, never 405 (a second router declaring the path) or
    404 (a path no router serves)."""
    answers = {}
    for method, path, _ in ROUTES:
        url = path.replace("{kind}", "work").replace("{pk}", "1").replace("{name}", "x")
        answers[(method, path)] = client.generic(method, url).status_code
    assert {route: code for route, code in answers.items() if code != 401} == {}
