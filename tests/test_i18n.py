"""The Japanese catalogue is complete: no untranslated and no fuzzy entries (STYLE §10)."""

from pathlib import Path

from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def test_japanese_catalogue_is_fully_translated():
    with (LOCALE / "ja" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalogue = read_po(handle)

    untranslated = [m.id for m in catalogue if m.id and not m.string]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]

    assert untranslated == []
    assert fuzzy == []
    assert not catalogue.fuzzy
