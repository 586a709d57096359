"""Anonymous head-counts at events (issue #12 item 4): model rules, admin scoping, import, and the
consortium's activity page."""

import datetime
import io

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consortia.models import AttendanceAudience, HeadCount
from consortia.resources import HeadCountResource
from consortia.selectors import consortium_activity
from tests.consortia.factories import EventFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

HEADER = "event,audience,persons,groups,note"


def _held(world, days_ago: int = 20):
    start = timezone.now() - datetime.timedelta(days=days_ago)
    return EventFactory.create(
        programme=world.programme, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )


def run(actor, text: str):
    return HeadCountResource(actor=actor).import_data(
        tablib.Dataset().load(text, format="csv"), dry_run=False, rollback_on_validation_errors=True
    )


def test_a_head_count_needs_a_held_event_and_no_more_groups_than_persons(world_a):
    future = EventFactory.create(
        programme=world_a.programme, starts_at=timezone.now() + datetime.timedelta(days=3),
        ends_at=timezone.now() + datetime.timedelta(days=3, hours=2),
    )  # fmt: skip

    with pytest.raises(ValidationError) as not_yet:
        HeadCount(event=future, audience=AttendanceAudience.TEACHERS, persons=3).full_clean()
    with pytest.raises(ValidationError) as too_many:
        HeadCount(
            event=_held(world_a), audience=AttendanceAudience.PARENTS_AND_CHILDREN, persons=3, groups=4
        ).full_clean()

    assert "event" in not_yet.value.message_dict
    assert "groups" in too_many.value.message_dict


def test_import_records_head_counts_by_label_or_code_and_a_second_import_replaces_them(world_a, actors):
    event = _held(world_a)
    text = "\n".join([HEADER, f"{event.uuid},教職員,13,,", f"{event.uuid},parents_children,28,11,親子"])

    first = run(actors["admin_a"], text)
    again = run(actors["admin_a"], "\n".join([HEADER, f"{event.uuid},teachers,14,,"]))

    assert not first.has_validation_errors()
    assert not again.has_validation_errors()
    counts = {h.audience: (h.persons, h.groups) for h in HeadCount.objects.filter(event=event)}
    assert counts == {"teachers": (14, None), "parents_children": (28, 11)}


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("{other},teachers,5,,", "event"),
        ("{future},teachers,5,,", "event"),
        ("not-a-uuid,teachers,5,,", "event"),
        ("{event},aliens,5,,", "audience"),
        ("{event},teachers,many,,", "persons"),
        ("{event},teachers,0,,", "persons"),
        ("{event},teachers,,,", "persons"),
        ("{event},parents_children,3,4,", "groups"),
        ("{event},teachers,5,,{long}", "note"),
    ],
)
def test_a_bad_row_names_its_column_and_nothing_is_imported(world_a, world_b, actors, row, column):
    event, other = _held(world_a), _held(world_b)
    future = EventFactory.create(
        programme=world_a.programme, starts_at=timezone.now() + datetime.timedelta(days=3),
        ends_at=timezone.now() + datetime.timedelta(days=3, hours=2),
    )  # fmt: skip
    bad = row.format(event=event.uuid, other=other.uuid, future=future.uuid, long="長" * 201)

    result = run(actors["admin_a"], "\n".join([HEADER, f"{event.uuid},kosen_students,40,,", bad]))

    assert result.has_validation_errors()
    assert column in {name for row in result.invalid_rows for name in row.error_dict}
    assert HeadCount.objects.count() == 0


def test_a_duplicate_row_is_refused(world_a, actors):
    event = _held(world_a)

    result = run(
        actors["admin_a"], "\n".join([HEADER, f"{event.uuid},teachers,5,,", f"{event.uuid},教職員,6,,"])
    )

    assert result.has_validation_errors()
    assert HeadCount.objects.count() == 0


def test_the_admin_import_reads_shift_jis(client, world_a, actors):
    event = _held(world_a)
    client.force_login(actors["admin_a"])
    upload = io.BytesIO("\n".join([HEADER, f"{event.uuid},親子,28,11,"]).encode("cp932"))
    upload.name = "head-counts.csv"

    preview = client.post(
        reverse("admin:consortia_headcount_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
        headers={"Accept-Language": "en"},
    )

    assert preview.status_code == 200
    assert not preview.context["result"].has_validation_errors()
    assert "Shift_JIS" in preview.content.decode()


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 302),
        ("learner", 302),
        ("admin_a", 200),
        ("admin_b", 404),
        ("ministry", 403),
        ("superuser", 200),
    ],
)
def test_head_count_admin_is_scoped_and_hidden_from_ministry_viewers(
    client_for, world_a, actors, actor, status
):
    head_count = HeadCount.objects.create(
        event=_held(world_a), audience=AttendanceAudience.TEACHERS, persons=9
    )

    response = client_for(actor).get(reverse("admin:consortia_headcount_change", args=[head_count.pk]))

    assert response.status_code == status


def test_activity_counts_events_held_head_counts_and_named_participants_by_month(world_a, world_b, actors):
    event = _held(world_a, days_ago=45)
    HeadCount.objects.create(event=event, audience=AttendanceAudience.TEACHERS, persons=13)
    HeadCount.objects.create(
        event=event, audience=AttendanceAudience.PARENTS_AND_CHILDREN, persons=28, groups=11
    )
    ParticipationFactory.create(event=event, status="attended")
    ParticipationFactory.create(event=event, status="no_show")
    HeadCount.objects.create(event=_held(world_b), audience=AttendanceAudience.TEACHERS, persons=99)

    activity = consortium_activity(actor=actors["admin_a"], consortium=world_a.consortium)

    assert activity["totals"]["events"] == 1  # world_a's own event has not been held yet
    assert activity["totals"]["persons"] == 41
    assert activity["totals"]["groups"] == 11
    assert activity["totals"]["named"] == 1
    month = timezone.localtime(event.ends_at).date().replace(day=1)
    assert [row["month"] for row in activity["months"]] == [month]


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 302),
        ("learner", 302),
        ("admin_a", 200),
        ("admin_b", 404),
        ("ministry", 403),
        ("superuser", 200),
    ],
)
def test_the_activity_page_is_for_the_consortium_s_admins(client_for, world_a, actors, actor, status):
    HeadCount.objects.create(event=_held(world_a), audience=AttendanceAudience.TEACHERS, persons=13)

    response = client_for(actor).get(
        reverse("admin:consortia_consortium_activity", args=[world_a.consortium.pk])
    )

    assert response.status_code == status
    if status == 200:
        assert "13" in response.content.decode()


def _event_form(world, start: datetime.datetime) -> dict[str, str]:
    local = timezone.localtime(start)
    end = local + datetime.timedelta(hours=2)
    return {
        "programme": str(world.programme.pk), "starts_at_0": local.strftime("%Y-%m-%d"),
        "starts_at_1": local.strftime("%H:%M:%S"), "ends_at_0": end.strftime("%Y-%m-%d"),
        "ends_at_1": end.strftime("%H:%M:%S"), "venue": "会場", "prefecture": "43", "capacity": "40",
        "head_counts-TOTAL_FORMS": "1", "head_counts-INITIAL_FORMS": "0", "head_counts-MIN_NUM_FORMS": "0",
        "head_counts-MAX_NUM_FORMS": "1000", "head_counts-0-audience": "teachers", "head_counts-0-persons": "13",
        "participations-TOTAL_FORMS": "0", "participations-INITIAL_FORMS": "0",
        "participations-MIN_NUM_FORMS": "0", "participations-MAX_NUM_FORMS": "1000",
    }  # fmt: skip


def test_a_new_future_event_cannot_carry_head_counts_from_the_add_page(client_for, world_a):
    # Found by an attack on this change: the rule read the event's id, unset on the add page.
    future = timezone.now() + datetime.timedelta(days=30)

    response = client_for("admin_a").post(reverse("admin:consortia_event_add"), _event_form(world_a, future))

    assert response.status_code == 200
    assert HeadCount.objects.count() == 0


def test_an_event_with_head_counts_cannot_move_into_the_future(world_a):
    event = _held(world_a)
    HeadCount.objects.create(event=event, audience=AttendanceAudience.TEACHERS, persons=5)
    event.starts_at = timezone.now() + datetime.timedelta(days=3)
    event.ends_at = event.starts_at + datetime.timedelta(hours=2)

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "starts_at" in error.value.message_dict


def test_the_event_history_shows_no_head_count_figure_to_a_ministry_viewer(client_for, world_a):
    # Found by an attack on this change: admin's history kept str(head_count), which had the figure.
    event = _held(world_a)
    form = _event_form(world_a, event.starts_at) | {"head_counts-0-persons": "4117"}
    client_for("admin_a").post(reverse("admin:consortia_event_change", args=[event.pk]), form)
    assert HeadCount.objects.get(event=event).persons == 4117

    history = client_for("ministry").get(reverse("admin:consortia_event_history", args=[event.pk]))

    assert history.status_code == 200
    assert "4117" not in history.content.decode()


@pytest.mark.parametrize("value", ["²", "9" * 5000, "100001"])
def test_odd_or_huge_numbers_are_a_persons_error_not_a_crash(world_a, actors, value):
    event = _held(world_a)

    result = run(actors["admin_a"], "\n".join([HEADER, f"{event.uuid},teachers,{value},,"]))

    assert result.has_validation_errors()
    assert "persons" in result.invalid_rows[0].error_dict
    assert HeadCount.objects.count() == 0


def test_the_admin_form_refuses_more_than_the_largest_head_count(world_a):
    with pytest.raises(ValidationError) as error:
        HeadCount(event=_held(world_a), audience=AttendanceAudience.TEACHERS, persons=10**9).full_clean()

    assert "persons" in error.value.message_dict
