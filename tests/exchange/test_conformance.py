"""The xAPI statement examples in ../shared/conformance/xapi/examples/: accepted, or refused where
the specification lets a store refuse them (attachments whose content would come as multipart)."""

import json
from pathlib import Path

import pytest

from exchange.models import Statement

from .helpers import post, setting

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "xapi" / "examples"
REFUSED = {
    # Their attachments carry sha2 but no fileUrl: the content would be a multipart/mixed part, which
    # this store does not take (it accepts attachments by fileUrl only).
    "08-signed-statement-attachment.json": "attachments[0].fileUrl",
    "09-attachment-statement.json": "attachments[0].fileUrl",
}


def examples() -> list[Path]:
    return sorted(EXAMPLES.glob("*.json"))


def test_the_examples_are_there():
    assert len(examples()) == 10


@pytest.mark.parametrize("path", examples(), ids=lambda path: path.name)
def test_each_example_gets_the_answer_the_specification_requires(standard, path):
    world = setting()
    body = json.loads(path.read_text())

    response = post(world.client, body)

    if path.name in REFUSED:
        assert response.status_code == 400
        assert REFUSED[path.name] in response.json()["message"]
        assert Statement.objects.count() == 0
    else:
        assert response.status_code == 200, response.json()
        stored_id = response.json()[0]
        if "id" in body:
            assert stored_id == body["id"]
        fetched = world.client.get(f"/xapi/statements?statementId={stored_id}")
        assert fetched.status_code == 200
        for key in ("actor", "verb", "object"):
            assert fetched.json()[key] == body[key]
