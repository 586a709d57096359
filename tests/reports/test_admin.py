"""Reports in admin: who may see and change what; the counting rule is versioned."""

import pytest
from django.urls import reverse
from django.utils import translation

from reports.models import CountedPerson, CountingRule, Qualification, ReportRun, RollupState, Target

from .access import ACTORS

pytestmark = pytest.mark.django_db

MODELS = ("countingrule", "target", "reportrun", "rollupstate", "qualification", "countedperson")


@pytest.fixture
def rows(counting, actors):
    person = actors["learner"]
    Qualification.objects.create(
        person=person, source="exam", source_key=7, qualified_on="2025-05-01", prefecture="43"
    )
    CountedPerson.objects.create(
        person=person, source="exam", source_key=7, qualified_on="2025-05-01", prefecture="43"
    )
    RollupState.objects.create(pk=1, generation=3)
    run = ReportRun.objects.create(requested_by=actors["ministry"], status="succeeded", xlsx_file="r.xlsx")
    return {
        "countingrule": counting,
        "target": Target.objects.get(scope="national"),
        "reportrun": run,
        "rollupstate": RollupState.objects.get(),
        "qualification": Qualification.objects.get(),
        "countedperson": CountedPerson.objects.get(),
    }


@pytest.fixture
def client_for(client, actors):
    def login(name: str):
        if actors[name] is not None:
            client.force_login(actors[name])
        return client

    return login


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("model", MODELS)
def test_who_may_open_the_lists_and_objects(client_for, rows, actor, model):
    client = client_for(actor)
    obj = rows[model]

    statuses = (
        client.get(reverse(f"admin:reports_{model}_changelist")).status_code,
        client.get(reverse(f"admin:reports_{model}_change", args=[obj.pk])).status_code,
    )

    expected = {"anonymous": 302, "learner": 302, "consortium_admin": 403, "ministry": 200, "superuser": 200}
    if model in ("qualification", "countedperson", "rollupstate"):
        expected["ministry"] = 403  # person-level records and exact run internals: superusers only
    assert statuses == (expected[actor], expected[actor])


@pytest.mark.parametrize("model", MODELS)
def test_ministry_viewers_change_nothing(client_for, rows, model):
    client = client_for("ministry")
    obj = rows[model]
    before = list(type(obj).objects.order_by("pk").values())

    add = client.get(reverse(f"admin:reports_{model}_add")).status_code
    change = client.post(
        reverse(f"admin:reports_{model}_change", args=[obj.pk]), {"name": "changed", "people": 5}
    )
    delete = client.post(reverse(f"admin:reports_{model}_delete", args=[obj.pk]), {"post": "yes"})

    assert (add, change.status_code, delete.status_code) == (403, 403, 403)
    assert list(type(obj).objects.order_by("pk").values()) == before


def _rule_form(rule: CountingRule, **changes) -> dict:
    data = {
        "is_active": "on" if rule.is_active else "",
        "name": rule.name,
        "counts_courses": "on" if rule.counts_courses else "",
        "min_course_level": rule.min_course_level,
        "counts_exams": "on" if rule.counts_exams else "",
        "qualifying_exams": [str(pk) for pk in rule.qualifying_exams.values_list("pk", flat=True)],
        "counts_programmes": "on" if rule.counts_programmes else "",
        "requires_statistics_consent": "on" if rule.requires_statistics_consent else "",
        "note": rule.note,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_saving_changes_to_a_version_is_refused(client_for, counting):
    client = client_for("superuser")

    response = client.post(
        reverse("admin:reports_countingrule_change", args=[counting.pk]),
        _rule_form(counting, min_course_level=3),
    )

    counting.refresh_from_db()
    assert response.status_code == 200
    with translation.override("ja"):
        expected = translation.gettext("Saved versions are read-only.")
    assert expected in response.content.decode()
    assert counting.min_course_level == 2
    assert CountingRule.objects.count() == 1


def test_save_as_new_creates_the_next_version_and_activates_it(client_for, counting):
    client = client_for("superuser")

    response = client.post(
        reverse("admin:reports_countingrule_change", args=[counting.pk]),
        _rule_form(counting, min_course_level=3, name="Level b", _saveasnew="Save as new"),
    )

    assert response.status_code == 302
    new = CountingRule.objects.get(version=2)
    counting.refresh_from_db()
    assert (new.name, new.min_course_level, new.is_active) == ("Level b", 3, True)
    assert counting.is_active is False
    assert sorted(new.qualifying_exams.values_list("pk", flat=True)) == sorted(
        counting.qualifying_exams.values_list("pk", flat=True)
    )
    assert counting.min_course_level == 2  # the old version is unchanged


def test_activating_an_old_version_deactivates_the_others(client_for, counting):
    from reports.services import counting_rule_save

    second = counting_rule_save(rule=CountingRule(name="Second", is_active=True))
    client = client_for("superuser")

    response = client.post(
        reverse("admin:reports_countingrule_change", args=[counting.pk]), _rule_form(counting, is_active="on")
    )

    assert response.status_code == 302
    assert dict(CountingRule.objects.values_list("version", "is_active")) == {1: True, 2: False}
    assert second.version == 2


def test_the_active_version_cannot_be_switched_off(client_for, counting):
    response = client_for("superuser").post(
        reverse("admin:reports_countingrule_change", args=[counting.pk]), _rule_form(counting, is_active="")
    )

    counting.refresh_from_db()
    assert response.status_code == 200
    assert counting.is_active is True


def test_counted_people_can_be_explained_by_person(client_for, rows):
    client = client_for("superuser")

    counted = client.get(reverse("admin:reports_countedperson_changelist"), {"q": "plain-learner"})
    records = client.get(reverse("admin:reports_qualification_changelist"), {"q": "plain-learner"})
    nobody = client.get(reverse("admin:reports_qualification_changelist"), {"q": "nobody"})

    assert counted.context["cl"].result_count == 1
    assert records.context["cl"].result_count == 1
    assert nobody.context["cl"].result_count == 0
    assert "/admin/reports/qualification/?q=plain-learner" in counted.content.decode()


def test_report_runs_link_to_their_files(client_for, rows):
    run = rows["reportrun"]

    html = client_for("superuser").get(reverse("admin:reports_reportrun_changelist")).content.decode()

    assert f"/reports/runs/{run.uuid}/download.xlsx" in html
    assert f"/reports/runs/{run.uuid}/" in html


def test_ministry_viewers_get_no_person_level_records_nor_exact_runs_in_admin(client, actors, counting):
    exact = ReportRun.objects.create(is_exact=True, status=ReportRun.Status.SUCCEEDED)
    suppressed = ReportRun.objects.create(is_exact=False, status=ReportRun.Status.SUCCEEDED)
    client.force_login(actors["ministry"])

    assert client.get("/admin/reports/countedperson/").status_code == 403
    assert client.get("/admin/reports/qualification/").status_code == 403
    assert client.get(f"/admin/reports/reportrun/{exact.pk}/change/").status_code == 302  # "does not exist"
    assert client.get(f"/admin/reports/reportrun/{suppressed.pk}/change/").status_code == 200
