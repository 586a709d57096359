"""The skill standard's pages."""

import html

import pytest
from django.test import Client

from tests.core.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PROVENANCE = (
    "These levels are a demonstration matrix written for this platform, not IPA's official role × skill "
    "importance table."
)
OPERATOR_NOTE = "Operators: load IPA's official table with load_skill_standard --matrix (see the README)."


@pytest.mark.parametrize(
    ("actor", "reads_the_operator_note"), [("anonymous", False), ("learner", False), ("staff", True)]
)
def test_the_role_page_names_the_demonstration_matrix_and_only_staff_read_how_to_replace_it(
    standard, actor, reads_the_operator_note
):
    client = Client(headers={"accept-language": "en"})
    if actor == "learner":
        client.force_login(UserFactory.create())
    elif actor == "staff":
        client.force_login(StaffFactory.create())

    response = client.get("/skills/roles/data-engineer/")
    page = html.unescape(response.content.decode())

    assert response.status_code == 200
    assert page.count(PROVENANCE) == 1
    assert page.count(OPERATOR_NOTE) == int(reads_the_operator_note)
    assert ("load_skill_standard" in page) is reads_the_operator_note
