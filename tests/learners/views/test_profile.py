"""Profile."""

import pytest

from learners.models import (
    LearnerProfile,
)

from ..factories import LearnerProfileFactory
from .helpers import (
    ACTORS,
    login,
)

pytestmark = pytest.mark.django_db


VALID_PROFILE = {
    "prefecture": "40",
    "age_band": "50s",
    "employment_status": "job_seeker",
    "industry": "manufacturing",
    "organisation": "",
    "consents_to_statistics": "on",
}


def test_profile_page_creates_then_edits_the_profile(client, learner_a):
    login(client, learner_a)

    assert client.get("/me/profile/").status_code == 200
    created = client.post("/me/profile/", VALID_PROFILE)
    edited = client.post("/me/profile/", {**VALID_PROFILE, "prefecture": "47", "consents_to_statistics": ""})

    assert (created.status_code, edited.status_code) == (302, 302)
    profile = LearnerProfile.objects.get(user=learner_a)
    assert (profile.prefecture, profile.industry, profile.consents_to_statistics) == (
        "47",
        "manufacturing",
        False,
    )
    page = client.get("/me/profile/").content.decode()
    assert '<option value="47" selected>' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("prefecture", "48", "Select a valid prefecture: “48” is not one of the 47 prefectures."),
        ("prefecture", "", "Choose the prefecture where you live or work."),
        ("age_band", "teen", "Select a valid age band: “teen” is not one of the choices."),
        ("employment_status", "", "Choose your employment status."),
        ("industry", "mining", "Select a valid industry: “mining” is not one of the choices."),
        ("organisation", "x" * 201, "Keep the organisation name to 200 characters or fewer."),
    ],
)
def test_profile_page_names_each_invalid_field_and_saves_nothing(client, learner_a, field, value, message):
    login(client, learner_a)

    response = client.post("/me/profile/", {**VALID_PROFILE, field: value})

    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert not LearnerProfile.objects.exists()


def test_profile_page_needs_sign_in(client):
    response = client.get("/me/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/me/profile/"


@pytest.mark.parametrize("actor", ACTORS)
def test_profile_page_shows_only_the_actors_own_profile(client, as_actor, learner_a, actor):
    LearnerProfileFactory.create(user=learner_a, organisation="Aの会社")
    user = as_actor(actor)
    login(client, user)

    response = client.get("/me/profile/")

    if user is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert ("Aの会社" in response.content.decode()) is (actor == "learner_a")
