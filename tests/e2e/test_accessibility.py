"""No page has an axe-core violation, at desktop and phone widths.

axe-core comes with the axe-playwright-python package (a dev extra; no npm step). Every rule axe
runs by default is checked (WCAG 2.0/2.1/2.2 A and AA and its best practices), on the pages a
visitor, a learner and a ministry viewer reach from the header. A failure lists each violation
with its rule, impact and the nodes it was found on.
"""

import pytest

from .portal import DESKTOP, PAGES, PHONE, browsing, populate, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _violations(page, name: str, width: int) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        nodes = "; ".join(
            f"{' '.join(node['target'])} {node['html'][:160]!r}" for node in violation["nodes"][:10]
        )
        found.append(
            f"{name} @ {width}px: {violation['id']} ({violation['impact']}, {len(violation['nodes'])} nodes): "
            f"{violation['help']} -> {nodes}"
        )
    return found


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_no_page_has_an_axe_violation(live_server, standard, browser, width):
    # Given the populated portal: a visitor, the demo learner and a ministry viewer
    portal = populate()
    people = {"learner": portal.learner, "viewer": portal.viewer}
    found: list[str] = []
    checked: list[str] = []

    # When each of them opens their pages in Japanese, each page checked once loaded
    for who in (None, "learner", "viewer"):
        with browsing(browser, width=width) as page:
            if who:
                sign_in(page.context, live_server, people[who])
            for name, path, owner in PAGES:
                if owner != who:
                    continue
                response = page.goto(f"{live_server.url}{path}")
                assert response.status == 200, (name, response.status, page.url)
                found += _violations(page, name, width)
                checked.append(name)

    # And the home page in English, with the phone's menu open
    with browsing(browser, width=width, language="en") as page:
        page.goto(f"{live_server.url}/")
        assert page.locator("html").get_attribute("lang") == "en"
        found += _violations(page, "home (en)", width)
        if width == PHONE:
            page.get_by_role("button", name="Menu").click()
            assert page.get_by_role("navigation", name="Main navigation").is_visible()
            found += _violations(page, "home (en), menu open", width)

    # Then every page was checked and none has a violation
    assert checked == [name for name, _, _ in PAGES]
    assert found == [], "\n".join(found)
