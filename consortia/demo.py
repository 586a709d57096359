"""Demo data of the consortia app: the reference consortia, demo programmes and events, and one
demo consortium admin per consortium (password in the README). Idempotent."""

import datetime
from typing import TextIO

from django.utils import timezone

from core.models import User
from skills.models import Role, Skill, StandardVersion

from .models import Audience, Consortium, Event, Programme
from .services import consortium_admin_create, consortium_reference_load_file

DEMO_PASSWORD = "consortium-demo-2026"  # noqa: S105 (a documented demo login, created only on request)
DEMO_ADMINS = {
    "kyushu-semiconductor": "kyushu-admin",
    "tohoku-semiconductor": "tohoku-admin",
    "chugoku-semiconductor": "chugoku-admin",
    "kansai-battery": "kansai-admin",
}
# (kind, Japanese name, English name, audiences); every name says it is a demo.
DEMO_PROGRAMMES = (
    (
        Programme.Kind.OUTREACH_LECTURE,
        "【デモ】高専向け出前講座",
        "[Demo] Outreach lecture for KOSEN students",
        [Audience.KOSEN_STUDENTS],
    ),
    (
        Programme.Kind.TEACHER_TRAINING,
        "【デモ】教員研修と工場見学",
        "[Demo] Teacher training with a factory tour",
        [Audience.TEACHERS, Audience.HIGH_SCHOOL_STUDENTS],
    ),
)
# Days from now of each programme's two events: one past, one upcoming.
EVENT_OFFSETS = (-30, 21)


def seed(stdout: TextIO) -> None:
    report = consortium_reference_load_file()
    stdout.write(f"consortia: reference {report.summary()}\n")
    version = StandardVersion.objects.filter(part=StandardVersion.Part.PROMOTION, is_current=True).first()
    roles = list(Role.objects.filter(version=version).order_by("order")[:2]) if version else []
    skills = list(Skill.objects.filter(version=version).order_by("order")[:3]) if version else []
    created = 0
    for consortium in Consortium.objects.filter(slug__in=DEMO_ADMINS):
        organization = consortium.organizations.order_by("slug").first()
        prefecture = consortium.prefectures[0] if consortium.prefectures else "13"
        for kind, name_ja, name_en, audiences in DEMO_PROGRAMMES:
            programme, new = Programme.objects.get_or_create(
                consortium=consortium,
                name_ja=name_ja,
                is_demo=True,
                defaults={"name_en": name_en, "kind": kind, "audiences": list(audiences)},
            )
            if new:
                programme.roles.set(roles)
                programme.skills.set(skills)
                created += 1
            for index, days in enumerate(EVENT_OFFSETS, 1):
                venue = f"【デモ】会場{index}"
                if Event.objects.filter(programme=programme, venue=venue).exists():
                    continue
                day = timezone.localdate() + datetime.timedelta(days=days)
                starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(13, 30)))
                event = Event.objects.create(
                    programme=programme,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=2),
                    venue=venue,
                    prefecture=prefecture,
                    capacity=30,
                    is_demo=True,
                )
                if organization is not None:
                    event.delivering_organizations.add(organization)
                created += 1
        username = DEMO_ADMINS[consortium.slug]
        exists = User.objects.filter(username=username).exists()
        consortium_admin_create(
            username=username,
            consortia=[consortium],
            email=f"{username}@example.jp",
            password=None if exists else DEMO_PASSWORD,
            is_demo=True,
        )
    stdout.write(f"consortia: {created} demo programmes and events created; demo admins ready\n")


def remove(stdout: TextIO) -> None:
    deleted, _ = Programme.objects.filter(is_demo=True).delete()
    stdout.write(f"consortia: {deleted} demo rows deleted\n")
