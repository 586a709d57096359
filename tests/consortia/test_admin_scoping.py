"""Every admin view kind, for every consortium model, for every kind of actor.

world_a belongs to consortium A, world_b to B. A's admin sees and changes only A's rows; B's
admin gets 404 on A's URLs; the ministry viewer sees everything but participations (named people)
and changes nothing; a denied write leaves the database unchanged.
"""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from consortia.models import ConsortiumMembership, Event, MemberOrganization, Participation, Programme

pytestmark = pytest.mark.django_db

MODELS = ("consortium", "memberorganization", "consortiummembership", "programme", "event", "participation")
ACTORS = ("anonymous", "learner", "admin_a", "admin_b", "ministry", "superuser")


def url(model: str, view: str, *args) -> str:
    return reverse(f"admin:consortia_{model}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(
    ("actor", "status", "sees_a", "sees_b"),
    [
        ("anonymous", 302, False, False),
        ("learner", 302, False, False),
        ("admin_a", 200, True, False),
        ("admin_b", 200, False, True),
        ("ministry", 200, True, True),
        ("superuser", 200, True, True),
    ],
)
def test_changelist_shows_only_the_actors_consortia(client_for, model, actor, status, sees_a, sees_b):
    if actor == "ministry" and model == "participation":
        status, sees_a, sees_b = 403, False, False  # person-level records: never for ministry viewers
    response = client_for(actor).get(url(model, "changelist"))

    assert response.status_code == status
    content = response.content.decode() if status == 200 else ""
    assert ("alpha-" in content) is sees_a
    assert ("beta-" in content) is sees_b


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 302),
        ("learner", 302),
        ("admin_a", 200),
        ("admin_b", 404),
        ("ministry", 200),
        ("superuser", 200),
    ],
)
@pytest.mark.parametrize("view", ["change", "history"])
def test_change_and_history_of_another_consortiums_object_is_404(
    client_for, world_a, model, actor, status, view
):
    if actor == "ministry" and model == "participation":
        status = 403
    response = client_for(actor).get(url(model, view, world_a.object_of(model).pk))

    assert response.status_code == status


def test_ministry_viewer_sees_a_read_only_change_form(client_for, world_a):
    response = client_for("ministry").get(url("programme", "change", world_a.programme.pk))

    assert response.status_code == 200
    assert b'name="_save"' not in response.content


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(
    ("actor", "status"),
    [("anonymous", 302), ("learner", 302), ("admin_b", 404), ("ministry", 403)],
)
def test_denied_delete_leaves_the_object(client_for, world_a, model, actor, status):
    obj = world_a.object_of(model)

    response = client_for(actor).post(url(model, "delete", obj.pk), {"post": "yes"})

    assert response.status_code == status
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", ["consortiummembership", "programme", "event", "participation"])
def test_admin_of_the_consortium_deletes_its_object(client_for, world_a, model):
    obj = world_a.object_of(model)

    response = client_for("admin_a").post(url(model, "delete", obj.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()
    assert LogEntry.objects.filter(user__username="admin-a", object_id=str(obj.pk)).count() == 1


def test_consortium_admin_cannot_delete_or_add_a_consortium(client_for, world_a):
    client = client_for("admin_a")

    assert client.get(url("consortium", "delete", world_a.consortium.pk)).status_code == 403
    assert client.get(url("consortium", "add")).status_code == 403


def test_shared_organisation_is_visible_but_not_deletable_by_one_consortium(client_for, world_a, world_b):
    # Given A's organisation is also a member of B
    ConsortiumMembership.objects.create(consortium=world_b.consortium, organization=world_a.organization)

    # Then A's admin sees it but may not delete it (that would remove B's membership)
    client = client_for("admin_a")
    assert client.get(url("memberorganization", "change", world_a.organization.pk)).status_code == 200
    assert (
        client.post(url("memberorganization", "delete", world_a.organization.pk), {"post": "yes"}).status_code
        == 403
    )
    assert world_a.organization.memberships.count() == 2


def _management(prefix: str) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _programme_data(consortium_pk: int) -> dict[str, str]:
    return {
        "name_ja": "新しいプログラム",
        "consortium": str(consortium_pk),
        "kind": "internship",
        **_management("events"),
    }


def _event_data(programme_pk: int) -> dict[str, str]:
    return {
        "programme": str(programme_pk),
        "starts_at_0": "2030-05-01",
        "starts_at_1": "10:00",
        "ends_at_0": "2030-05-01",
        "ends_at_1": "12:00",
        "venue": "新しい会場",
        "prefecture": "40",
        "capacity": "20",
        **_management("participations"),
        **_management("head_counts"),
    }


def _participation_data(event_pk: int) -> dict[str, str]:
    return {
        "event": str(event_pk),
        "learner": "",
        "group_name": "新しい高校",
        "students_count": "5",
        "teachers_count": "1",
        "others_count": "0",
        "prefecture": "40",
        "status": "registered",
        "registered_at_0": "2030-04-01",
        "registered_at_1": "09:00",
    }


ADD_CASES = {
    "programme": (Programme, lambda world: _programme_data(world.consortium.pk)),
    "event": (Event, lambda world: _event_data(world.programme.pk)),
    "participation": (Participation, lambda world: _participation_data(world.event.pk)),
    "consortiummembership": (
        ConsortiumMembership,
        lambda world: {
            "consortium": str(world.consortium.pk),
            "organization": str(world.organization.pk),
            "role": "member",
            "verification": "unverified",
            "sources": "[]",
        },
    ),
}


@pytest.mark.parametrize("model", list(ADD_CASES))
def test_add_with_a_foreign_key_into_another_consortium_is_refused(client_for, world_a, world_b, model):
    model_class, data = ADD_CASES[model]
    before = model_class.objects.count()
    payload = data(world_a)
    if model == "consortiummembership":
        payload["organization"] = str(world_b.organization.pk)

    response = client_for("admin_b").post(url(model, "add"), payload)

    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert model_class.objects.count() == before


@pytest.mark.parametrize("model", ["programme", "event", "participation"])
def test_add_into_own_consortium_is_saved_and_logged(client_for, world_a, model):
    model_class, data = ADD_CASES[model]
    before = model_class.objects.count()

    response = client_for("admin_a").post(url(model, "add"), data(world_a))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert model_class.objects.count() == before + 1
    created = model_class.objects.latest("pk")
    assert (
        LogEntry.objects.get(object_id=str(created.pk), content_type__model=model).user.username == "admin-a"
    )


def test_moving_a_programme_into_another_consortium_is_refused(client_for, world_a, world_b):
    data = _programme_data(world_b.consortium.pk)

    response = client_for("admin_a").post(url("programme", "change", world_a.programme.pk), data)

    assert response.status_code == 200
    world_a.programme.refresh_from_db()
    assert world_a.programme.consortium == world_a.consortium


def test_new_organisation_must_join_one_of_the_admins_consortia(client_for, world_a, world_b):
    base = {
        "slug": "new-org",
        "name_ja": "新組織",
        "kind": "company",
        "prefecture": "",
        **_management("memberships"),
    }
    foreign = {
        **base,
        "memberships-TOTAL_FORMS": "1",
        "memberships-0-consortium": str(world_b.consortium.pk),
        "memberships-0-role": "member",
        "memberships-0-verification": "unverified",
    }
    client = client_for("admin_a")

    assert client.post(url("memberorganization", "add"), base).status_code == 200
    assert client.post(url("memberorganization", "add"), foreign).status_code == 200
    assert not MemberOrganization.objects.filter(slug="new-org").exists()

    own = {**foreign, "memberships-0-consortium": str(world_a.consortium.pk)}
    assert client.post(url("memberorganization", "add"), own).status_code == 302
    assert MemberOrganization.objects.get(slug="new-org").consortia.get() == world_a.consortium


@pytest.mark.parametrize(
    ("model", "field", "actor", "expected"),
    [
        ("programme", "consortium", "admin_a", {"alpha"}),
        ("programme", "consortium", "admin_b", {"beta"}),
        ("event", "programme", "admin_b", {"beta"}),
        ("participation", "event", "admin_a", {"alpha"}),
        ("event", "delivering_organizations", "admin_b", {"beta"}),
        ("participation", "event", "superuser", {"alpha", "beta"}),
    ],
)
def test_autocomplete_offers_only_the_actors_consortia(client_for, model, field, actor, expected):
    response = client_for(actor).get(
        reverse("admin:autocomplete"),
        {"app_label": "consortia", "model_name": model, "field_name": field, "term": ""},
    )

    assert response.status_code == 200
    texts = [result["text"] for result in response.json()["results"]]
    assert {text.split("-")[0] for text in texts} == expected


def test_autocomplete_denied_to_learner(client_for):
    response = client_for("learner").get(
        reverse("admin:autocomplete"),
        {"app_label": "consortia", "model_name": "programme", "field_name": "consortium", "term": ""},
    )

    assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    ("actor", "usernames"), [("admin_a", {"alpha-learner"}), ("superuser", {"alpha-learner", "beta-learner"})]
)
def test_export_contains_only_the_actors_participants(client_for, actor, usernames):
    fields = ["event", "username", "status"]
    data = {"format": "0", "resource": "0", **{f"participationresource_{name}": "on" for name in fields}}

    response = client_for(actor).post(url("participation", "export"), data)

    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].split(",") == fields
    assert {line.split(",")[1] for line in lines[1:]} == usernames


def test_filters_list_only_the_actors_consortia(client_for):
    response = client_for("admin_b").get(url("event", "changelist"))

    assert "alpha-コンソーシアム" not in response.content.decode()
    assert "beta-コンソーシアム" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["admin:core_user_changelist", "admin:core_user_add", "admin:auth_group_changelist"]
)
def test_consortium_admin_has_no_user_or_group_admin(client_for, path):
    response = client_for("admin_a").get(reverse(path))

    assert response.status_code == 403


def test_consortium_admin_cannot_change_their_own_user(client_for, actors):
    admin_a = actors["admin_a"]

    response = client_for("admin_a").post(
        reverse("admin:core_user_change", args=[admin_a.pk]), {"username": "admin-a", "is_superuser": "on"}
    )

    assert response.status_code == 403
    admin_a.refresh_from_db()
    assert not admin_a.is_superuser


def test_consortium_admin_cannot_reassign_consortium_administrators(client_for, world_a, actors):
    data = {
        "slug": "hijacked",
        "name_ja": "変更後",
        "industry": "battery",
        "region": "kyushu",
        "meti_bureau": "kyushu",
        "founded_on_precision": "day",
        "administrators": [str(actors["admin_b"].pk)],
    }

    response = client_for("admin_a").post(url("consortium", "change", world_a.consortium.pk), data)

    assert response.status_code == 302
    world_a.consortium.refresh_from_db()
    assert world_a.consortium.name_ja == "変更後"
    assert world_a.consortium.slug == "alpha"
    assert list(world_a.consortium.administrators.values_list("username", flat=True)) == ["admin-a"]


def test_mark_attendance_action_changes_status_and_logs(client_for, world_a):
    # Given an event that has been held (attendance of an upcoming one is refused: test_admin_details.py)
    Event.objects.filter(pk=world_a.event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2) + datetime.timedelta(hours=2),
    )

    response = client_for("admin_a").post(
        url("participation", "changelist"),
        {"action": "mark_attended", "_selected_action": [str(world_a.participation.pk)]},
    )

    assert response.status_code == 302
    world_a.participation.refresh_from_db()
    assert world_a.participation.status == Participation.Status.ATTENDED
    entry = LogEntry.objects.get(object_id=str(world_a.participation.pk))
    assert entry.user.username == "admin-a"


def test_mark_attendance_action_ignores_another_consortiums_rows(client_for, world_a):
    client_for("admin_b").post(
        url("participation", "changelist"),
        {"action": "mark_attended", "_selected_action": [str(world_a.participation.pk)]},
    )

    world_a.participation.refresh_from_db()
    assert world_a.participation.status == Participation.Status.REGISTERED


def test_participation_list_queries_do_not_grow_with_events(client, world_a, actors):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import EventFactory, ParticipationFactory

    client.force_login(actors["admin_a"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/consortia/participation/").status_code == 200
        return len(captured)

    before = queries()
    for _ in range(5):
        ParticipationFactory.create(event=EventFactory.create(programme=world_a.programme))

    assert queries() == before
