"""/favicon.ico: browsers ask for it on every site; it leads to the project's own SVG icon."""

import pytest
from django.test import Client
from django.test.utils import override_settings

pytestmark = pytest.mark.django_db


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_favicon_ico_redirects_to_the_svg_icon_that_whitenoise_serves():
    # whitenoise reads its settings when a client first builds the middleware: a fresh client here
    client = Client()

    redirect = client.get("/favicon.ico")
    icon = client.get(redirect["Location"])

    assert (redirect.status_code, redirect["Location"]) == (302, "/static/img/favicon.svg")
    assert (icon.status_code, icon["Content-Type"]) == (200, "image/svg+xml")
    body = b"".join(icon.streaming_content)
    assert body.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')


def test_every_page_links_the_icon():
    html = Client().get("/skills/").content.decode()

    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
