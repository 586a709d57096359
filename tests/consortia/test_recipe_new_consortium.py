"""docs/recipes.md, "A consortium": followed as written, it adds a fifth consortium and its admin,
who sees only that consortium in admin (issue #10)."""

import io
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from consortia.models import Consortium, Programme

pytestmark = pytest.mark.django_db

ENTRY = {
    # A test entry: a real one copies its names and sources from shared/reference/programs.yaml.
    "slug": "chubu-test",
    "name_ja": "試験用コンソーシアム（中部）",
    "name_en": "Test consortium (Chubu)",
    "industry": "semiconductor",
    "region": "chubu",
    "prefectures": ["21", "23", "24"],
    "prefectures_verification": "unverified",
    "meti_bureau": "chubu",
    "verification": "unverified",
    "sources": [],
    "provenance_note": "A test entry of the recipe, not a real consortium.",
}


def test_the_recipe_adds_a_fifth_consortium_and_its_admin(tmp_path, client):
    data = yaml.safe_load((Path(settings.BASE_DIR) / "consortia" / "data" / "consortia.yaml").read_text())
    data["consortia"].append(ENTRY)
    path = tmp_path / "consortia.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    call_command("load_consortia", file=path, stdout=io.StringIO())  # step 2
    call_command("create_consortium_admin", "chubu-admin", "--consortium", "chubu-test", "--no-password",
                 stdout=io.StringIO())  # step 3  # fmt: skip
    call_command("load_consortia", file=path, stdout=io.StringIO())  # loading again changes nothing

    assert Consortium.objects.count() == 5
    new = Consortium.objects.get(slug="chubu-test")
    assert new.prefectures == ["21", "23", "24"]
    Programme.objects.create(consortium=new, name_ja="試験の出前授業", kind=Programme.Kind.OUTREACH_LECTURE)
    Programme.objects.create(
        consortium=Consortium.objects.get(slug="kyushu-semiconductor"),
        name_ja="九州の出前授業",
        kind=Programme.Kind.OUTREACH_LECTURE,
    )
    from core.models import User

    client.force_login(User.objects.get(username="chubu-admin"))
    page = client.get(reverse("admin:consortia_programme_changelist")).content.decode()
    assert "試験の出前授業" in page
    assert "九州の出前授業" not in page
