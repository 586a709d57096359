"""GET /api/v1/reports/progress/: access, suppression, bad parameters, a fixed number of queries."""

import datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reports.disclosure import SUPPRESSED

from ..access import ACTORS, protected

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
    assert body["total"] == protected()
    assert body["suppressed"] is True
    assert body["threshold"] == 10
    assert body["note"].startswith("各数値")
    assert len(body["results"]) == 47
    people = {row["key"]: row["people"] for row in body["results"]}
    assert (people["13"], people["27"], people["43"], people["01"]) == (
        protected(prefecture="13"),
        protected(prefecture="27"),
        SUPPRESSED,
        0,
    )
    assert body["results"][12] == {"key": "13", "label": "東京都", "people": protected(prefecture="13")}
    assert people["13"] != 120  # this cell's key gives it a non-zero adjustment


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
def test_every_published_figure_is_near_the_truth_and_never_small(actors, figures, group_by):
    protected_rows = _client(actors["ministry"]).get(URL, {"group_by": group_by}).json()
    exact_rows = _client(actors["superuser"]).get(URL, {"group_by": group_by}).json()

    truth = {row["key"]: row["people"] for row in exact_rows["results"]}
    for row in protected_rows["results"]:
        if row["people"] == SUPPRESSED:
            assert 0 < truth[row["key"]] < 10 + 15
        elif truth[row["key"]] == 0:
            assert row["people"] == 0
        else:
            assert row["people"] >= 10
            assert abs(row["people"] - truth[row["key"]]) <= 15


def test_filters_are_applied(actors, figures):
    body = (
        _client(actors["superuser"])
        .get(URL, {"group_by": "month", "from": "2025-05-01", "to": "2025-06-06", "prefecture": "13"})
        .json()
    )

    assert body["results"] == [{"key": "2025-05", "label": "2025-05", "people": 50}]
    assert body["total"] == 50
    assert body["filters"]["prefecture"] == "13"


def test_each_month_is_its_own_protected_cell_for_ministry_viewers(actors, figures):
    body = _client(actors["ministry"]).get(URL, {"group_by": "month"}).json()

    assert body["results"] == [
        {"key": f"2025-{m:02}", "label": f"2025-{m:02}", "people": protected(month=datetime.date(2025, m, 1))}
        for m in (4, 5, 6)
    ]
    assert body["total"] == protected()


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
    # the token's user with its access (may read? exact figures? core/authentication.py), the type
    # and consortium slugs, the rollup generation (the keys of the cached answer and of its figures),
    # one aggregate over whole months, then the names, slugs and all keys of the grouped dimension;
    # asked again, the answer comes from the cache
    assert (
        len(captured) == {"prefecture": 6, "hr_type": 9, "consortium": 9, "month": 6, "source": 6}[group_by]
    )
    with django_assert_max_num_queries(8) as again:
        assert client.get(URL, params).json() == response.json()
    assert len(again) == 4  # the token's user with its access, slugs, generation: no aggregate
    assert "authtoken_token" in again.captured_queries[0]["sql"]
    assert "reports_exact" in again.captured_queries[0]["sql"]


def test_a_viewer_taken_out_of_the_group_is_refused_on_the_next_request(client, actors, figures):
    client.force_login(actors["ministry"])
    assert client.get(URL, {"group_by": "source"}).status_code == 200

    actors["ministry"].groups.clear()

    assert client.get(URL, {"group_by": "source"}).status_code == 403


def test_a_signed_in_viewers_repeated_request_asks_nothing_more_about_who_asks(client, actors, figures):
    """The session's user comes with its access (core/backends.py): before, a second statement
    asked for the access on every request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(actors["ministry"])
    first = client.get(URL, {"group_by": "source"}).json()

    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"group_by": "source"}).json() == first

    sql = [q["sql"] for q in queries.captured_queries if "django_session" not in q["sql"]]  # SQLite's
    assert len(sql) == 2, sql  # the user with its access, and the rollup generation (kept outside tests)
    assert "core_user" in sql[0]
    assert "reports_exact" in sql[0]
    assert "reports_rollupstate" in sql[1]
