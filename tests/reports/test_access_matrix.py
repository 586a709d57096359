"""Who may open what, over every admin model and every API endpoint (issue #8, item 4).

Ministry viewers read protected aggregates: they never open a list of named people (enrolments,
participations, exam passes, counted people, ...) nor the rollup's internals. The lists below must
name every registered admin model, so a new model cannot slip past this test unclassified.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from consortia.selectors import MINISTRY_VIEWER_GROUP
from core.models import User
from reports.services import reports_setup
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

# Reference data and the reports' own rule, targets and runs: read-only for ministry viewers.
MINISTRY_READS = {
    "consortia.consortium", "consortia.memberorganization", "consortia.consortiummembership",
    "consortia.programme", "consortia.event", "reports.countingrule", "reports.target", "reports.reportrun",
}  # fmt: skip
# Everything else in admin is closed to them: named people, their learning, credentials and the
# exact internals of the rollup, as well as the standard and the catalogue they have no role in.
CLOSED_TO_MINISTRY = {
    "consortia.participation", "consortia.headcount", "reports.qualification", "reports.countedperson", "reports.rollupstate",
    "learners.learnerprofile", "learners.enrolment", "learners.quizattempt", "learners.targetrole",
    "learners.selfassessment", "learners.credential", "learners.externalcompletion", "learners.exampass",
    "learners.learneridentifier", "learners.statuslist", "learners.issuerkey",
    "exchange.providercredential", "exchange.credentialuse",
    "exchange.statement", "exchange.waitingstatement", "exchange.uploadbatch", "exchange.uploadwaitingrow",
    "core.user", "auth.group", "authtoken.tokenproxy", "account.emailaddress",
    "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog",
    "django_celery_beat.periodictask", "django_celery_beat.intervalschedule",
    "django_celery_beat.crontabschedule", "django_celery_beat.solarschedule",
    "django_celery_beat.clockedschedule",
    "courses.provider", "courses.course", "courses.module", "courses.lesson", "courses.quiz",
    "courses.question", "courses.courserole", "courses.courseskill",
    "skills.standardversion", "skills.humanresourcetype", "skills.role", "skills.skillcategory",
    "skills.skillsubcategory", "skills.skill", "skills.level", "skills.literacyarea",
    "skills.literacyitem", "skills.roleskillrequirement",
}  # fmt: skip
REGISTERED = sorted(f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry)


@pytest.fixture
def people(counting) -> dict[str, User | None]:
    viewer = UserFactory.create(username="ministry", is_staff=True)
    viewer.groups.add(Group.objects.get(name=MINISTRY_VIEWER_GROUP))
    return {
        "anonymous": None,
        "learner": UserFactory.create(username="learner"),
        "ministry": viewer,
        "superuser": User.objects.create_superuser("root", "root@example.jp", "root-pass-2026"),
    }


def test_every_admin_model_is_classified():
    assert sorted(MINISTRY_READS | CLOSED_TO_MINISTRY) == REGISTERED
    assert not MINISTRY_READS & CLOSED_TO_MINISTRY


@pytest.mark.parametrize("model", REGISTERED)
@pytest.mark.parametrize("actor", ["anonymous", "learner", "ministry", "superuser"])
def test_admin_changelists_by_audience(client, people, model, actor):
    if people[actor] is not None:
        client.force_login(people[actor])
    app_label, model_name = model.split(".")

    response = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))

    expected = {"anonymous": 302, "learner": 302, "superuser": 200}.get(actor)
    if actor == "ministry":
        expected = 200 if model in MINISTRY_READS else 403
    assert response.status_code == expected


def test_setting_up_again_takes_back_person_level_permissions_from_the_group(counting):
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name=MINISTRY_VIEWER_GROUP)
    group.permissions.add(
        *Permission.objects.filter(codename__in=["view_countedperson", "see_exact_figures"])
    )

    reports_setup()

    assert sorted(group.permissions.values_list("codename", flat=True)) == [
        "view_countingrule",
        "view_reportrun",
        "view_target",
    ]


def _api_list_endpoints() -> list[str]:
    """Every /api/v1/ route without a path parameter (the lists and singletons)."""
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern) and "<" not in route and "(?P" not in route:
                found.append("/" + (prefix + route).replace("^", "").replace("$", ""))

    walk(get_resolver().url_patterns, "")
    return sorted({path.replace("\\.", ".") for path in found if path.startswith("/api/v1/")})


API = {
    # Statuses for the anonymous visitor, a learner, a ministry viewer and a superuser.
    "/api/v1/consortia/": (200, 200, 200, 200),
    "/api/v1/consortia/events/": (200, 200, 200, 200),
    "/api/v1/courses/": (200, 200, 200, 200),
    "/api/v1/me/credentials/": (403, 200, 200, 200),
    "/api/v1/me/enrolments/": (403, 200, 200, 200),
    "/api/v1/me/exam-passes/": (403, 200, 200, 200),
    "/api/v1/me/export/": (403, 200, 200, 200),  # each reads their own data only
    "/api/v1/me/learner-record/": (403, 404, 404, 404),  # their own record; none has a certificate
    "/api/v1/me/profile/": (403, 404, 404, 404),  # none of them has filled in a profile
    "/api/v1/provider/uploads/": (401, 401, 401, 401),  # a provider credential only, never a session
    "/api/v1/reports/measures/": (403, 403, 200, 200),
    "/api/v1/reports/progress/": (403, 403, 200, 200),
    "/api/v1/skills/case/": (200, 200, 200, 200),
    "/api/v1/skills/roles/": (200, 200, 200, 200),
    "/api/v1/skills/skills/": (200, 200, 200, 200),
    "/api/v1/skills/types/": (200, 200, 200, 200),
    "/api/v1/skills/versions/": (200, 200, 200, 200),
}


def test_every_api_endpoint_is_in_the_matrix():
    assert _api_list_endpoints() == sorted(API)


@pytest.mark.parametrize("path", sorted(API))
def test_api_endpoints_by_audience(people, standard, path):
    statuses = []
    for actor in ("anonymous", "learner", "ministry", "superuser"):
        client = APIClient()
        if people[actor] is not None:
            client.force_authenticate(people[actor])
        response = client.get(path, {"group_by": "prefecture"} if "progress" in path else {})
        statuses.append(response.status_code)

    assert tuple(statuses) == API[path]


def test_a_ministry_viewer_reads_only_their_own_records_through_the_api(people, standard):
    from learners.models import Enrolment
    from tests.learners.factories import EnrolmentFactory

    EnrolmentFactory.create(learner=people["learner"])
    client = APIClient()
    client.force_authenticate(people["ministry"])

    body = client.get("/api/v1/me/enrolments/").json()

    assert Enrolment.objects.count() == 1
    assert body["count"] == 0
