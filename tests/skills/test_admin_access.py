"""The standard in admin: staff with the view permission may look; only superusers may change it."""

import pytest
from django.contrib.auth.models import Permission

from core.models import User
from skills.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(standard) -> User:
    user = User.objects.create_user("viewer", password="pw-viewer-1", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="skills"))
    return user


@pytest.fixture
def superuser(standard) -> User:
    return User.objects.create_superuser("root", password="pw-root-1")


def test_staff_with_permissions_can_view_but_not_change(client, viewer, standard):
    role = Role.objects.get(version=standard, slug="data-engineer")
    client.force_login(viewer)

    listing = client.get("/admin/skills/role/")
    change = client.post(f"/admin/skills/role/{role.pk}/change/", {"name_ja": "改ざん"})
    add = client.get("/admin/skills/role/add/")
    delete = client.post(f"/admin/skills/role/{role.pk}/delete/", {"post": "yes"})

    assert listing.status_code == 200
    assert "データエンジニア" in listing.content.decode()
    assert change.status_code == 403
    assert add.status_code == 403
    assert delete.status_code == 403
    role.refresh_from_db()
    assert role.name_ja == "データエンジニア"


def test_superuser_can_change_and_sees_provenance(client, superuser, standard):
    role = Role.objects.get(version=standard, slug="data-engineer")
    client.force_login(superuser)

    page = client.get(f"/admin/skills/role/{role.pk}/change/")
    listing = client.get("/admin/skills/role/?verification__exact=unverified")

    assert page.status_code == 200
    assert 'name="verification"' in page.content.decode()
    assert listing.status_code == 200
    # the four roles the reference does not verify, and only those
    assert listing.content.decode().count('class="field-slug"') == 4


def test_learner_without_staff_flag_cannot_open_admin(client, standard):
    client.force_login(User.objects.create_user("learner", password="pw-learner-1"))

    response = client.get("/admin/skills/role/")

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
