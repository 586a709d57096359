"""The sign-in page offers one password-reset link: allauth's, under the password field."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "text"), [("ja", "パスワードをお忘れですか？"), ("en", "Forgot your password?")]
)
def test_the_sign_in_page_has_exactly_one_password_reset_link(client, language, text):
    # When a visitor opens the sign-in page
    html = client.get("/accounts/login/", headers={"accept-language": language}).content.decode()

    # Then one link leads to the reset form, the password field's help text, in the page's language
    assert html.count('href="/accounts/password/reset/"') == 1
    assert (
        f'<p class="form-field__help" id="id_password_helptext"><a href="/accounts/password/reset/">{text}</a></p>'
        in html
    )
