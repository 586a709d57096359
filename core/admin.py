"""Users in admin, and what every app's admin shares: names shown in the language they are written
in, and the Japanese of the admin pages of the libraries that ship none."""

import re
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_noop

from .models import User

# Hiragana, katakana, CJK ideographs and full-width forms: text with any of them is Japanese.
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def text_language(text: str) -> str:
    """ "ja" for text written in Japanese script, "en" otherwise (the platform's two languages)."""
    return "ja" if _JAPANESE.search(text) else "en"


def in_own_language(text: str) -> SafeString:
    """`text`, escaped, marked with its language when that is not the page's (WCAG 3.1.2): an
    organisation the reference names only in English, on a Japanese page, reads `lang="en"`."""
    page = (get_language() or "ja").split("-")[0]
    language = text_language(text)
    if not text or language == page:
        return format_html("{}", text)
    return format_html('<span lang="{}">{}</span>', language, text)


def bilingual_name(obj: object) -> SafeString:
    """A content name (`name_ja`/`name_en`, BilingualNameMixin) in the active language, falling back
    to the Japanese name, marked with its language when that is not the page's."""
    return in_own_language(str(getattr(obj, "name", "")))


if TYPE_CHECKING:  # the mixin's super() call reaches ModelAdmin
    _AdminBase = admin.ModelAdmin
else:
    _AdminBase = object


class SavedOnlyFieldsMixin(_AdminBase):
    """Read-only fields with a default (the public identifier) appear once the object is saved: on
    the add form the default would be a new value on every reload, and not the one stored."""

    saved_only_fields: tuple[str, ...] = ("uuid",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str] | tuple[str, ...]:
        fields = super().get_readonly_fields(request, obj)
        if obj is not None:
            return fields
        return tuple(name for name in fields if name not in self.saved_only_fields)


# Model and app names of django-celery-beat and django-axes, which ship no Japanese catalogue: the
# admin index and sidebar list them for superusers. Marked here so the project's catalogue has them;
# they are the libraries' own words, none of them one Django translates.
LIBRARY_NAMES = (
    gettext_noop("Periodic Tasks"),
    gettext_noop("clocked"),
    gettext_noop("crontab"),
    gettext_noop("crontabs"),
    gettext_noop("interval"),
    gettext_noop("intervals"),
    gettext_noop("periodic task"),
    gettext_noop("periodic tasks"),
    gettext_noop("solar event"),
    gettext_noop("solar events"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
)


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_superuser")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("username", "email", "first_name", "last_name")
