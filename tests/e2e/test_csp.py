"""The Content Security Policy (no inline script or style) breaks no page: portal, admin, API docs."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from core.models import User
from learners.services import exam_reference_load
from reports.services import reports_setup
from tests.consortia.factories import EventFactory, ParticipationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/courses/",
    "/skills/",
    "/consortia/",
    "/api/docs/",
    "/admin/",
    "/admin/consortia/participation/",
    "/admin/consortia/participation/import/",
    "/admin/consortia/event/add/",
    "/admin/reports/countingrule/1/change/",
    "/reports/",
    "/reports/method/",
]


def test_pages_render_under_the_policy_without_violations(live_server, standard, page):
    exam_reference_load()
    reports_setup()
    ParticipationFactory.create(event=EventFactory.create())
    root = User.objects.create_superuser("root", "root@example.jp", "root-pass-2026")
    client = Client()
    client.force_login(root)
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip

    for path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".swagger-ui .info").wait_for()  # the docs' start-up script ran from its file
    page.goto(f"{live_server.url}/reports/")
    page.locator("#chart-cumulative.js-plotly-plot").wait_for()  # plotly drew under the policy
