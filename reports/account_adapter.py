"""Where each person lands after signing in on the portal (django-allauth's account adapter).

Here, in the top layer, because the answer needs reports (who reads the ministry dashboard) and
consortia (who administers which consortium). Settings: ACCOUNT_ADAPTER. An explicit, safe `?next=`
still wins: allauth checks it (`is_safe_url`) before it asks the adapter. Admin's own login
(/admin/login/) is Django's, not allauth's, and keeps going to admin. It also names the person in
allauth's messages (ACCOUNT_USER_DISPLAY): the name they gave, never the generated username.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext_noop

from consortia.selectors import consortium_ids_for_actor
from core.models import User
from learners.services import learner_display_name

from .selectors import actor_may_read_reports

# allauth's own words whose Japanese the project writes otherwise (a full-width question mark, as
# Japanese text has it; allauth's catalogue has 「パスワードをお忘れですか?」): marked here so the
# project's catalogue, which Django reads before the libraries', keeps them.
ALLAUTH_WORDS = (gettext_noop("Forgot your password?"),)


def landing_url(*, actor: User | AnonymousUser) -> str:
    """The page a signed-in person starts on: the ministry dashboard for those who read reports
    (ministry viewers, superusers), their consortium's page in admin for a consortium admin (the
    list of their consortia if they have several), My learning for a learner. Reads only."""
    if actor_may_read_reports(actor=actor):
        return reverse("reports:dashboard")
    if actor.is_staff:
        consortium_ids = sorted(consortium_ids_for_actor(actor=actor))
        if len(consortium_ids) == 1:
            return reverse("admin:consortia_consortium_change", args=[consortium_ids[0]])
        if consortium_ids:
            return reverse("admin:consortia_consortium_changelist")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def user_display(user: User) -> str:
    """How allauth names a person ("Signed in as ..."): the name on their certificates (profile or
    account names), else their e-mail address, else (an account with neither) the username. Reads only."""
    return learner_display_name(user) or user.email or user.get_username()


class PlatformAccountAdapter(DefaultAccountAdapter):
    """allauth's adapter with the landing page of each kind of person."""

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return landing_url(actor=request.user)
