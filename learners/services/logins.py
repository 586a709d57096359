"""Login throttling (django-axes): the name an attempt is counted under, and clearing a lockout."""

from collections.abc import Mapping

from core.models import User

# --- Login throttling (django-axes) ------------------------------------------------------------


def login_name_of(request: object, credentials: Mapping[str, object] | None) -> str:
    """The name a login attempt is counted under (AXES_USERNAME_CALLABLE): the account's username,
    whether it signs in by e-mail (the portal; allauth passes `email`) or by username (admin), so
    failures and the success that clears them meet; an address of no account counts as itself.
    Lower-cased, so case does not split counts."""
    credentials = credentials or {}
    post = getattr(request, "POST", {}) or {}
    given = ""
    for value in (
        credentials.get("email"),
        credentials.get("username"),
        post.get("login"),
        post.get("username"),
    ):
        if value:
            given = str(value).strip()
            break
    if "@" in given:
        username = User.objects.filter(email__iexact=given).values_list("username", flat=True).first()
        given = username or given
    return given.lower()


def login_lockout_clear(*, user: User) -> int:
    """Forget the failed logins of a user, under both names they sign in with (after a password
    reset, so the owner is never kept out by what someone else typed). Returns attempts removed."""
    from axes.utils import reset

    names = {name.strip().lower() for name in (user.email, user.get_username()) if name}
    return sum(reset(username=name) for name in names)
