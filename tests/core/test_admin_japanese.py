"""Admin in Japanese: its frame, Django's own words not overridden by the project's, and the import
pages' words. Most assertions read the Japanese catalogue, so they hold once the project's new
messages are translated (locale/ja)."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from consortia.admin.participations import FILE_FORMAT
from core.models import User

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "ja" / "LC_MESSAGES" / "django.po"
# The project's words that are also Django's, django-import-export's or auth's with another meaning:
# the project says them in a context (pgettext), so a bare one would override the library's word.
TWO_MEANINGS = {
    "Change": "変更 (Django admin's edit link) / 切り替え (the portal's language switch)",
    "Format": "フォーマット (import-export's file format) / 受講形式 (a course's delivery)",
    "groups": "グループ (auth's groups) / 組数 (a head-count's families)",
}


@pytest.fixture
def superuser(client):
    user = User.objects.create_superuser("root", "root@example.jp", "root-pass-2026")
    Group.objects.get_or_create(name="Consortium admin")
    client.force_login(user)
    return user


@pytest.mark.parametrize("msgid", sorted(TWO_MEANINGS))
def test_no_bare_project_msgid_overrides_a_library_word(msgid):
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)

    bare = catalogue.get(msgid)

    assert bare is None or bare.string == "", TWO_MEANINGS[msgid]


def test_the_admin_frame_is_in_japanese(client, superuser):
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ja")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>サイト管理 | デジタルスキル・プラットフォーム 管理画面</title>" in body
    assert '<a href="/admin/">デジタルスキル・プラットフォーム 管理画面</a>' in body
    assert "Django" not in body.split("<body")[1]


def test_the_admin_frame_is_in_english_in_english(client, superuser):
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")

    body = response.content.decode()
    assert "<title>Site administration | Digital Skills Platform admin</title>" in body
    assert '<a href="/admin/">Digital Skills Platform administration</a>' in body


def test_edit_links_say_change_as_django_says_it(client, superuser):
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ja")

    body = response.content.decode()
    assert body.count('class="changelink"') == body.count('">変更</a>') > 0
    assert '">切り替え</a>' not in body  # (Django's own theme toggle reads テーマを切り替え)


def test_auth_groups_are_not_called_head_count_groups(client, superuser):
    response = client.get(reverse("admin:core_user_change", args=[superuser.pk]), HTTP_ACCEPT_LANGUAGE="ja")

    body = response.content.decode()
    assert "グループ" in body
    assert "組数" not in body


def test_the_file_format_reads_as_such_in_japanese():
    with translation.override("ja"):
        assert str(FILE_FORMAT) == "ファイル形式"


def test_library_model_names_are_in_japanese(client, superuser):
    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ja")

    body = response.content.decode()
    assert "定期実行タスク" in body
    assert "Periodic tasks" not in body
    assert "Access attempts" not in body
