"""A populated portal for the browser tests of the home page, phones and accessibility: the demo
catalogue, consortia and learners, a small counted population with a rollup run, a ministry
viewer, and helpers to open pages at a given width, signed in or not.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.test import Client

from consortia import demo as consortia_demo
from consortia.selectors import MINISTRY_VIEWER_GROUP
from core.models import User
from courses import demo as courses_demo
from learners import demo as learners_demo
from learners.services import exam_reference_load
from reports.rollup import rollup_run
from reports.services import reports_setup
from tests.reports.world import build_world

from . import csp

DESKTOP = 1280
PHONE = 390
LEARNER = "learner3@example.jp"  # the demo learner with a completed course, a target role and ratings
COURSE = "sql-data-modelling-basics"
ROLE = "data-engineer"

# (name, path, who): every page a person reaches from the header, as the person who reaches it.
PAGES = [
    ("home", "/", None),
    ("catalogue", "/courses/", None),
    ("course", f"/courses/{COURSE}/", None),
    ("skills", "/skills/", None),
    ("role", f"/skills/roles/{ROLE}/", None),
    ("consortia", "/consortia/", None),
    ("sign-in", "/accounts/login/", None),
    ("my-learning", "/me/learning/", "learner"),
    ("my-skills", "/me/skills/", "learner"),
    ("skill-gap", "/me/skills/gap/", "learner"),
    ("profile", "/me/profile/", "learner"),
    ("dashboard", "/reports/", "viewer"),
]


@dataclass
class Portal:
    learner: User
    viewer: User


def populate() -> Portal:
    """The demo rows of every app and a rolled-up population (call with the `standard` fixture)."""
    quiet = io.StringIO()
    courses_demo.seed(quiet)
    consortia_demo.seed(quiet)
    learners_demo.seed(quiet)
    return Portal(learner=User.objects.get(email=LEARNER), viewer=rolled_up_population())


def rolled_up_population() -> User:
    """A synthetic population of 160 people, rolled up, and a ministry viewer to read it."""
    exam_reference_load()
    reports_setup()
    build_world(11, people=160)
    rollup_run(full=True)
    viewer = User.objects.create_user("mext-viewer", "viewer@example.go.jp", "viewer-pass-2026")
    viewer.groups.add(Group.objects.get(name=MINISTRY_VIEWER_GROUP))
    return viewer


def sign_in(context: object, live_server: object, user: User) -> None:
    """Give the browser context the session cookie of `user` (no login form: pages are the test)."""
    client = Client()
    client.force_login(user)
    context.add_cookies(  # type: ignore[attr-defined]
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,  # type: ignore[attr-defined]
            }
        ]
    )


@contextmanager
def browsing(browser: object, *, width: int, language: str = "ja", script: bool = True) -> Iterator:
    """A page `width` pixels wide whose browser prefers `language`. Like the `page` fixture, any
    Content Security Policy violation it meets fails the test."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": 900},
        locale="ja-JP" if language == "ja" else "en-GB",
        java_script_enabled=script,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = csp.watch(page)
    try:
        yield page
    finally:
        context.close()
    csp.assert_none(violations)


def page_width(page: object) -> int:
    """How wide the document is: equal to the viewport when nothing scrolls sideways."""
    return int(page.evaluate("document.documentElement.scrollWidth"))  # type: ignore[attr-defined]
