"""Japanese wording of the catalogue: a number and its counter written together (「1つ」「3件」
「100文字」, never 「1 つ」); the sign-in message names the person, not a "user"."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "ja" / "LC_MESSAGES" / "django.po"
NUMBER = r"(?:\d[\d,]*|%\(\w+\)[sd])"  # a figure or a placeholder that stands for one
COUNTER = r"(?:つ|件|人|名|時間|分|個|回|文字|バイト|年|行目|階層|桁|段階|進数)"
SPACED = re.compile(rf"{NUMBER} {COUNTER}")


def catalogue_at(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale="ja")


def spaced_counters(path: Path) -> list[tuple[str, str]]:
    catalogue = catalogue_at(path)
    found = []
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            if string and SPACED.search(string):
                found.append((message.id if isinstance(message.id, str) else message.id[0], string))
    return found


def test_no_translation_puts_a_space_between_a_number_and_its_counter():
    assert spaced_counters(CATALOGUE) == []


def test_the_sign_in_message_names_the_person_in_japanese():
    # The project's own logged_in.txt puts the msgid in this catalogue, which wins over allauth's
    # 「ユーザー %(name)s としてログインしました。」 (a name or an e-mail address is no "user")
    message = catalogue_at(CATALOGUE).get("Successfully signed in as %(name)s.")

    assert message is not None
    assert message.string == "%(name)s としてログインしました。"
