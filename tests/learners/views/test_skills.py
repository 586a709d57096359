"""Skills."""

import html

import pytest

from learners.models import (
    SelfAssessment,
    TargetRole,
)
from skills.models import Role
from tests.courses.factories import CourseFactory, course_skill

from ..factories import TargetRoleFactory
from .helpers import (
    ACTORS,
    login,
)

pytestmark = pytest.mark.django_db


def test_choose_a_target_role_then_rate_yourself_then_see_the_gap(client, learner_a, standard):
    login(client, learner_a)
    course = CourseFactory.create(slug="pipelines", title_ja="データ基盤講座")
    course_skill(course, "data-platform-design", "b")

    chosen = client.post("/me/skills/", {"action": "role", "role": "data-engineer"})
    assert (chosen.status_code, chosen["Location"]) == (302, "/me/skills/")
    form = client.get("/me/skills/").context["assessment_form"]
    assert len(form.fields) == 49
    ratings = dict.fromkeys(form.fields, "none")
    ratings["skill_data-platform-design"] = "d"
    saved = client.post("/me/skills/", {"action": "assessment", **ratings})

    assert (saved.status_code, saved["Location"]) == (302, "/me/skills/gap/")
    assert TargetRole.objects.get(learner=learner_a).role.slug == "data-engineer"
    assert SelfAssessment.objects.filter(learner=learner_a).count() == 49
    gap = client.get("/me/skills/gap/")
    html = gap.content.decode()
    assert gap.status_code == 200
    assert "Provisional levels" in html
    assert [(r.course.slug, r.steps) for r in gap.context["gap"].recommendations] == [("pipelines", 2)]
    assert "Data platform design to b (role needs a)" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"action": "role", "role": "no-such-role"}, "role", "Select a valid role of the current standard."),
        ({"action": "role", "role": ""}, "role", "Choose the role you are aiming for."),
    ],
)
def test_a_bad_target_role_gives_400(client, learner_a, standard, data, field, message):
    login(client, learner_a)

    response = client.post("/me/skills/", data)

    assert response.status_code == 400
    assert response.context["role_form"].errors == {field: [message]}
    assert not TargetRole.objects.exists()


def test_a_bad_self_assessment_level_gives_400_and_saves_nothing(client, learner_a, standard):
    TargetRoleFactory.create(learner=learner_a, role=Role.objects.get(version=standard, slug="data-engineer"))
    login(client, learner_a)
    form = client.get("/me/skills/").context["assessment_form"]
    ratings = dict.fromkeys(form.fields, "c")
    ratings["skill_data-platform-design"] = "z"

    response = client.post("/me/skills/", {"action": "assessment", **ratings})

    assert response.status_code == 400
    assert response.context["assessment_form"].errors == {
        "skill_data-platform-design": ["Select a valid level: a, b, c, d or none."]
    }
    assert not SelfAssessment.objects.exists()


def test_the_gap_page_without_a_target_role_sends_you_to_choose_one(client, learner_a):
    login(client, learner_a)

    response = client.get("/me/skills/gap/")

    assert (response.status_code, response["Location"]) == (302, "/me/skills/")


@pytest.mark.parametrize("actor", ACTORS)
def test_skill_pages_show_only_the_actors_own_target(client, as_actor, learner_a, standard, actor):
    TargetRoleFactory.create(learner=learner_a, role=Role.objects.get(version=standard, slug="data-engineer"))
    login(client, as_actor(actor))

    skills = client.get("/me/skills/")
    gap = client.get("/me/skills/gap/")

    if actor == "anonymous":
        assert (skills.status_code, gap.status_code) == (302, 302)
        assert gap["Location"].startswith("/accounts/login/")
    elif actor == "learner_a":
        assert (skills.status_code, gap.status_code) == (200, 200)
        assert gap.context["gap"].role.slug == "data-engineer"
    else:
        assert (skills.status_code, gap.status_code) == (200, 302)
        assert skills.context["target"] is None


PROVENANCE = (
    "These levels are a demonstration matrix written for this platform, not IPA's official role × skill "
    "importance table."
)
OPERATOR_NOTE = "Operators: load IPA's official table with load_skill_standard --matrix (see the README)."


@pytest.mark.parametrize(("actor", "reads_the_operator_note"), [("learner_a", False), ("staff", True)])
def test_the_gap_page_names_the_demonstration_matrix_and_only_staff_read_how_to_replace_it(
    client, as_actor, standard, actor, reads_the_operator_note
):
    user = as_actor(actor)
    TargetRoleFactory.create(learner=user, role=Role.objects.get(version=standard, slug="data-engineer"))
    login(client, user)

    page = html.unescape(client.get("/me/skills/gap/").content.decode())

    assert page.count(PROVENANCE) == 1
    assert page.count(OPERATOR_NOTE) == int(reads_the_operator_note)
    assert ("load_skill_standard" in page) is reads_the_operator_note
