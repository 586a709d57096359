"""`name_lang` marks a content name written in the other language than the page's (WCAG 3.1.2)."""

import pytest
from django.utils import translation

from consortia.models import MemberOrganization


@pytest.mark.parametrize(
    ("name_ja", "name_en", "language", "shown", "lang"),
    [
        ("九州大学", "Kyushu University", "ja", "九州大学", ""),
        ("九州大学", "Kyushu University", "en", "Kyushu University", ""),
        ("九州大学", "", "en", "九州大学", "ja"),  # English page, Japanese fallback
        ("Kyushu Univ.", "Kyushu University", "ja", "Kyushu Univ.", "en"),  # the reference's English spelling
        (
            "九州半導体・エレクトロニクスイノベーション協議会 (SIIQ)",
            "SIIQ",
            "ja",
            "九州半導体・エレクトロニクスイノベーション協議会 (SIIQ)",
            "",
        ),
    ],
)
def test_name_lang_names_the_language_of_a_name_that_differs_from_the_page(
    name_ja, name_en, language, shown, lang
):
    organization = MemberOrganization(name_ja=name_ja, name_en=name_en)

    with translation.override(language):
        assert organization.name == shown
        assert organization.name_lang == lang
