import pytest

pytestmark = pytest.mark.django_db


def test_api_lists_five_types_and_fifteen_roles(client, standard):
    assert client.get("/api/v1/skills/types/").json()["count"] == 5
    assert client.get("/api/v1/skills/roles/").json()["count"] == 15
