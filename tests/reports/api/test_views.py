"""GET /api/v1/reports/progress/: access, suppression, bad parameters, a fixed number of queries."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reports.disclosure import SUPPRESSED

from ..access import ACTORS

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/progress/"


def _client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("actor", ACTORS)
def test_only_ministry_viewers_and_superusers_may_read(actors, figures, actor):
    response = _client(actors[actor]).get(URL, {"group_by": "prefecture"})

    expected = {"anonymous": 403, "learner": 403, "consortium_admin": 403, "ministry": 200, "superuser": 200}
    assert response.status_code == expected[actor]


def test_a_token_issued_to_a_ministry_viewer_reads_suppressed_figures(actors, figures):
    token = Token.objects.create(user=actors["ministry"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.get(URL, {"group_by": "prefecture"})

    body = response.json()
    assert response.status_code == 200
    assert body["group_by"] == "prefecture"
    assert body["filters"] == {"from": "", "to": "", "prefecture": "", "hr_type": "", "consortium": ""}
    assert body["total"] == 163
    assert body["suppressed"] is True
    assert body["threshold"] == 10
    assert body["note"].startswith("x")
    assert len(body["results"]) == 47
    people = {row["key"]: row["people"] for row in body["results"]}
    assert (people["13"], people["27"], people["43"], people["01"]) == (120, "x", "x", 0)
    assert body["results"][12] == {"key": "13", "label": "東京都", "people": 120}


def test_a_token_of_a_learner_is_refused(actors, figures):
    token = Token.objects.create(user=actors["learner"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert client.get(URL, {"group_by": "prefecture"}).status_code == 403


def test_superusers_get_exact_figures(actors, figures):
    body = _client(actors["superuser"]).get(URL, {"group_by": "prefecture"}).json()

    people = {row["key"]: row["people"] for row in body["results"]}
    assert (people["13"], people["27"], people["43"]) == (120, 40, 3)
    assert body["suppressed"] is False
    assert body["total"] == 163


@pytest.mark.parametrize("group_by", ["prefecture", "hr_type", "consortium", "month", "source"])
def test_no_suppressed_value_can_be_recovered_from_the_published_total(actors, figures, group_by):
    body = _client(actors["ministry"]).get(URL, {"group_by": group_by}).json()

    values = [row["people"] for row in body["results"]]
    hidden = [v for v in values if v == SUPPRESSED]
    published = [v for v in values if v != SUPPRESSED]
    # Zeros are published, so each hidden cell holds at least 1: with k hidden cells summing to
    # S = total - published, a cell is pinned down exactly when k == 1 or S == k (all ones).
    if hidden and body["total"] != SUPPRESSED:
        rest = body["total"] - sum(published)
        assert len(hidden) >= 2
        assert rest > len(hidden)
    if body["total"] != SUPPRESSED:
        assert all(v >= 10 or v == 0 for v in published)


def test_filters_are_applied(actors, figures):
    body = (
        _client(actors["superuser"])
        .get(URL, {"group_by": "month", "from": "2025-05-01", "to": "2025-06-06", "prefecture": "13"})
        .json()
    )

    assert body["results"] == [{"key": "2025-05", "label": "2025-05", "people": 50}]
    assert body["total"] == 50
    assert body["filters"]["prefecture"] == "13"


def test_months_with_few_people_are_merged_for_ministry_viewers(actors, figures):
    body = _client(actors["ministry"]).get(URL, {"group_by": "month"}).json()

    assert body["results"] == [
        {"key": "2025-04", "label": "2025-04", "people": 70},
        {"key": "2025-05", "label": "2025-05", "people": 50},
        {"key": "2025-06", "label": "2025-06", "people": 43},
    ]
    assert body["total"] == 163


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"group_by": "planet"}, "group_by"),
        ({}, "group_by"),
        ({"group_by": "prefecture", "from": "2025-02-30"}, "from"),
        ({"group_by": "prefecture", "to": "soon"}, "to"),
        ({"group_by": "prefecture", "from": "2025-06-01", "to": "2025-01-01"}, "from"),
        ({"group_by": "prefecture", "prefecture": "00"}, "prefecture"),
        ({"group_by": "prefecture", "hr_type": "wizard"}, "hr_type"),
        ({"group_by": "prefecture", "consortium": "atlantis"}, "consortium"),
    ],
)
def test_each_bad_parameter_is_a_400_naming_it(actors, figures, params, field):
    response = _client(actors["ministry"]).get(URL, params)

    body = response.json()
    assert response.status_code == 400
    assert list(body["extra"]["fields"]) == [field]
    assert body["message"].startswith(f"{field}: ")


@pytest.mark.parametrize("group_by", ["prefecture", "hr_type", "consortium", "month", "source"])
def test_the_endpoint_is_a_small_fixed_number_of_queries(
    actors,
    figures,
    group_by,
    django_assert_max_num_queries,
):
    token = Token.objects.create(user=actors["ministry"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    params = {"group_by": group_by, "from": "2025-04-15", "to": "2025-06-10", "hr_type": "business-architect",
              "consortium": "kyushu-semiconductor"}  # fmt: skip

    with django_assert_max_num_queries(10) as captured:
        response = client.get(URL, params)

    assert response.status_code == 200
    # token, groups, the type and consortium slugs, two aggregates, then the names, slugs and all keys;
    # prefectures and types come from the prefecture × type table (its margins), with the type names
    assert (
        len(captured) == {"prefecture": 9, "hr_type": 10, "consortium": 9, "month": 6, "source": 6}[group_by]
    )
