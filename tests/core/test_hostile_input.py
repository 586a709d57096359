"""Input the platform cannot store answers 4xx, in one place, and files it writes are inert (issue #9)."""

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from core.files import neutralise, write_csv, write_xlsx
from core.models import User
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/skills/roles/?version=%00", "version"),
        ("/api/v1/courses/?q=a%00b", "q"),
        ("/api/v1/skills/skills/?category%00=1", "category"),
        ("/api/v1/consortia/events/?prefecture=%00", "prefecture"),
    ],
)
def test_a_nul_in_an_api_query_is_a_400_naming_the_parameter(standard, url, field):
    response = APIClient().get(url)

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == [field]


@pytest.mark.parametrize(
    "url",
    [
        "/courses/?q=%00",
        "/skills/?version=%00",
        "/courses/%00/",
        "/consortia/?prefecture=%00",
        "/verify/%00/",
    ],
)
def test_a_nul_in_a_page_address_is_a_400_page(client, standard, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "NUL" in response.content.decode() or "NUL" in response.context["message"]


def test_a_nul_in_admin_autocomplete_and_in_a_form_is_a_400(client, standard):
    root = User.objects.create_superuser("root", "root@example.jp", "root-pass-2026")
    client.force_login(root)

    search = client.get(
        "/admin/autocomplete/",
        {"app_label": "consortia", "model_name": "participation", "field_name": "event", "term": "\x00"},
    )
    posted = client.post(
        "/accounts/signup/", {"email": "a\x00@example.jp", "password1": "x", "password2": "x"}
    )

    assert (search.status_code, posted.status_code) == (400, 400)
    assert not User.objects.filter(email__startswith="a").exists()


def test_a_nul_in_a_json_body_is_a_400_and_stores_nothing(standard, django_user_model):
    learner = UserFactory.create(username="json-learner")
    client = APIClient()
    client.force_authenticate(learner)

    response = client.post(
        "/api/v1/me/exam-passes/",
        '{"exam": "FE", "certificate_number": "a\\u0000"}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {"body": [response.json()["message"]]}


def test_an_over_long_sign_up_address_is_refused_not_truncated(client):
    email = "a" * 289 + "@example.jp"  # 301 characters; the column holds 254

    response = client.post(
        "/accounts/signup/",
        {"email": email, "password1": "kakunin-2026-pass", "password2": "kakunin-2026-pass"},
    )

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not User.objects.filter(email__startswith="aaaa").exists()


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+81 3 0000", "'+81 3 0000"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("東京都", "東京都"),
        (-5, -5),
        (12, 12),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_quoted(value, written):
    assert neutralise(value) == written


def test_the_writers_keep_strings_as_strings(tmp_path):
    sheets = [("表", [["name", "people"], ["=1+1", 3], ["-2", -2]])]

    write_xlsx(tmp_path / "a.xlsx", sheets)
    write_csv(tmp_path / "a.csv", sheets)

    rows = list(load_workbook(tmp_path / "a.xlsx").active.iter_rows(values_only=True))
    assert rows == [("name", "people"), ("'=1+1", 3), ("'-2", -2)]
    assert (tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()[2:4] == ["'=1+1,3", "'-2,-2"]
