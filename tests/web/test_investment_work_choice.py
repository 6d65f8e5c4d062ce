"""The editor's investment form offers only the works the editor may see (permissions.works_for);
a work it does not see yet is named by its title together with its producer (the form's title
field, the Récapitulatif Invest import); the API's `work` is an id of a work the caller sees,
anything else is 422 as for a work that does not exist (docs/web-investments.md, "Investments")."""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from montage.web import permissions
from montage.web.api.auth import issue_token
from montage.web.contribution.models import ObligationYear
from montage.web.investments.models import Investment
from montage.web.registry.models import Company, Work

pytestmark = pytest.mark.django_db

AMOUNT = "4321.09"


def _user(username="tele.demo"):
    return get_user_model().objects.get(username=username)


def _file(editor="Télé Demo", year=2025):
    return ObligationYear.objects.get(editor__organisation__name=editor, year=year)


def _unannounced():
    """A project of Les Films du Phare that no editor has invested in: not Télé Demo's to see."""
    work = Work.objects.get(title="Nuit Blanche", producer__name="Les Films du Phare")
    assert not permissions.works_for(_user()).filter(pk=work.pk).exists()
    return work


def _post(**values):
    data = {"category": "prepurchase", "producer": "", "document": "commitment_letter",
            "document_date": "2025-11-02", "amount": AMOUNT, "genre": "", "delegated_to": ""}
    data.update(values)
    return data


def _new_url():
    return reverse("investments_investment_new", args=[_file().pk])


# -- the page ------------------------------------------------------------------------------------

def test_the_work_options_are_the_works_the_editor_may_see(demo, login):
    response = login("tele.demo").get(_new_url())
    assert response.status_code == 200
    offered = set(response.context["form"].fields["work"].queryset.values_list("pk", flat=True))
    visible = set(permissions.works_for(_user()).values_list("pk", flat=True))
    assert offered == visible and 0 < len(visible) < Work.objects.count()
    html = response.content.decode()
    select = re.search(r'<select name="work"[^>]*>(.*?)</select>', html, re.S).group(1)
    rendered = {int(v) for v in re.findall(r'<option value="(\d+)"', select)}
    assert rendered == visible


def test_an_unannounced_project_of_another_producer_is_not_offered(demo, login):
    work = _unannounced()
    html = login("tele.demo").get(_new_url()).content.decode()
    assert work.title not in html
    edit = Investment.objects.filter(obligation=_file()).first()
    html = login("tele.demo").get(reverse("investments_investment_edit", args=[edit.pk])).content
    assert work.title not in html.decode()


def test_a_forged_post_with_its_id_is_refused(demo, login):
    work = _unannounced()
    response = login("tele.demo").post(_new_url(), _post(work=work.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["work"]
    assert not Investment.objects.filter(amount=AMOUNT).exists()
    assert not permissions.works_for(_user()).filter(pk=work.pk).exists()
    edit = Investment.objects.filter(obligation=_file()).exclude(work=work).first()
    response = login("tele.demo").post(reverse("investments_investment_edit", args=[edit.pk]),
                                       _post(work=work.pk, category=edit.category))
    assert response.status_code == 200 and response.context["form"].errors["work"]
    edit.refresh_from_db()
    assert edit.work_id != work.pk


def test_a_visible_work_is_still_chosen_from_the_list(demo, login):
    work = Work.objects.get(title="Les Veilleurs")
    response = login("tele.demo").post(_new_url(), _post(work=work.pk))
    assert response.status_code == 302
    assert Investment.objects.get(amount=AMOUNT).work == work


def test_the_editor_announces_a_work_by_title_and_producer(demo, login):
    work = _unannounced()
    client = login("tele.demo")
    wrong_producer = Company.objects.get(name="Ardenne Films")
    refused = client.post(_new_url(), _post(work_title=work.title, producer=wrong_producer.pk))
    unknown = client.post(_new_url(), _post(work_title="Film Fantôme",
                                            producer=wrong_producer.pk))
    assert refused.status_code == unknown.status_code == 200
    assert refused.context["form"].errors["work_title"] == \
        unknown.context["form"].errors["work_title"]  # the same answer as for no such work
    no_producer = client.post(_new_url(), _post(work_title=work.title))
    assert no_producer.context["form"].errors["producer"]
    assert not Investment.objects.filter(amount=AMOUNT).exists()
    response = client.post(_new_url(), _post(work_title=f"  {work.title.upper()} ",
                                             producer=work.producer.pk))
    assert response.status_code == 302, response.context["form"].errors
    assert Investment.objects.get(amount=AMOUNT).work == work
    assert permissions.works_for(_user()).filter(pk=work.pk).exists()  # now in its register


# -- the JSON API --------------------------------------------------------------------------------

def _api(method, url, body):
    token = issue_token(_user())[0]
    return getattr(Client(), method)(url, json.dumps(body), content_type="application/json",
                                     HTTP_AUTHORIZATION=f"Bearer {token}")


def _same_refusal(hidden, missing, hidden_id, missing_id):
    assert hidden.status_code == missing.status_code == 422
    [a], [b] = hidden.json()["detail"], missing.json()["detail"]
    assert a["loc"] == b["loc"] == ["body", "payload", "work"]
    assert a["type"] == b["type"]
    assert a["msg"].replace(str(hidden_id), "ID") == b["msg"].replace(str(missing_id), "ID")


def test_api_create_with_a_work_the_editor_may_not_see_is_422(demo):
    work = _unannounced()
    body = {"obligation": _file().pk, "category": "prepurchase", "amount": AMOUNT,
            "producer": work.producer_id}
    hidden = _api("post", "/api/investments", {**body, "work": work.pk})
    missing = _api("post", "/api/investments", {**body, "work": 999999})
    _same_refusal(hidden, missing, work.pk, 999999)
    assert not Investment.objects.filter(amount=AMOUNT).exists()
    visible = Work.objects.get(title="Les Veilleurs")
    assert _api("post", "/api/investments", {**body, "work": visible.pk}).status_code == 201


def test_api_update_with_a_work_the_editor_may_not_see_is_422(demo):
    work = _unannounced()
    investment = Investment.objects.filter(obligation=_file()).first()
    url = f"/api/investments/{investment.pk}"
    _same_refusal(_api("patch", url, {"work": work.pk}), _api("patch", url, {"work": 999999}),
                  work.pk, 999999)
    before = investment.work_id
    investment.refresh_from_db()
    assert investment.work_id == before


# -- the Récapitulatif Invest import -------------------------------------------------------------

def _import_row(client, file, title, producer):
    book = load_workbook(io.BytesIO(client.get(reverse(
        "annexes_recap_invest", args=[file.pk])).content))
    sheet = book["Récapitulatif Invest"]
    head = next(i for i, r in enumerate(sheet.iter_rows(values_only=True), 1)
                if r[0] == "Réf. Montage")
    total = next(r for r in range(head + 1, sheet.max_row + 1)
                 if sheet.cell(r, 1).value == "Total")
    sheet.insert_rows(total)
    for col, value in enumerate([None, title, "Préachat", producer, "non",
                                 "Lettre d'engagement", "02/11/2025", AMOUNT, "Actif", "non"], 1):
        sheet.cell(total, col).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("recap.xlsx", buffer.getvalue())
    return client.post(reverse("annexes_documents", args=[file.pk]),
                       {"document": "recap_invest", "file": upload})


def test_import_names_an_unseen_work_only_with_its_producer(demo, login):
    work = _unannounced()
    client = login("tele.demo")
    refused = _import_row(client, _file(), work.title, "Ardenne Films")
    unknown = _import_row(client, _file(), "Film Fantôme", "Ardenne Films")
    assert refused.status_code == unknown.status_code == 400
    [error] = refused.context["errors"]
    assert "Nuit Blanche" in error  # the same answer as for a title no work has
    assert error.replace("Nuit Blanche", "T") == \
        unknown.context["errors"][0].replace("Film Fantôme", "T")
    assert not Investment.objects.filter(amount=AMOUNT).exists()
    accepted = _import_row(client, _file(), work.title, work.producer.name)
    assert accepted.status_code == 200, accepted.context.get("errors")
    assert Investment.objects.get(amount=AMOUNT).work == work
