"""allauth's e-mail confirmation reaches the review queue: completions waiting for that address are
recorded as soon as the person verifies it (the only signal the app listens to; it is allauth's)."""

from typing import Any

from allauth.account.signals import email_confirmed
from django.dispatch import receiver


@receiver(email_confirmed, dispatch_uid="exchange-match-waiting-statements")
def match_waiting_statements(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    from .services import waiting_statements_match_email

    waiting_statements_match_email(learner=email_address.user, email=email_address.email)
