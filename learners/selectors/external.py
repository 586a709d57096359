"""Reads of completions providers reported, and the identity matching their statements rely on."""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db.models import QuerySet

from core.models import User
from courses.models import Provider

from ..models import ExternalCompletion, LearnerIdentifier


def external_completion_list(*, actor: User) -> QuerySet[ExternalCompletion]:
    """The actor's own reported completions, newest first, with provider and course."""
    return ExternalCompletion.objects.filter(learner=actor).select_related("provider", "course")


def external_completion_get(*, actor: User, uuid: str) -> ExternalCompletion:
    """One of the actor's own reported completions (DoesNotExist for anyone else's)."""
    return external_completion_list(actor=actor).get(uuid=uuid)


@dataclass
class LearnerMatches:
    """Learner ids by the identifier a provider used: e-mail (lower case), mailbox digest, account name."""

    by_email: dict[str, int] = field(default_factory=dict)
    by_digest: dict[str, int] = field(default_factory=dict)
    by_account: dict[str, int] = field(default_factory=dict)


def learners_match(
    *, provider: Provider, emails: set[str], digests: set[str], account_names: set[str]
) -> LearnerMatches:
    """The learners these identifiers name: verified e-mail addresses of active learner accounts,
    hashed mailboxes of verified addresses, and ids this provider issued (never another's).

    Staff and inactive accounts never match. Three queries at most, whatever the batch size.
    """
    matches = LearnerMatches()
    learners = User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
    if emails:
        rows = EmailAddress.objects.filter(
            verified=True, email__in=sorted(emails), user__in=learners
        ).values_list("email", "user_id")
        matches.by_email = {email.lower(): user_id for email, user_id in rows}
    if digests:
        matches.by_digest = dict(
            LearnerIdentifier.objects.filter(
                kind=LearnerIdentifier.Kind.MBOX_SHA1SUM, value__in=sorted(digests), learner__in=learners
            ).values_list("value", "learner_id")
        )
    if account_names:
        matches.by_account = dict(
            LearnerIdentifier.objects.filter(
                kind=LearnerIdentifier.Kind.ACCOUNT,
                provider=provider,
                value__in=sorted(account_names),
                learner__in=learners,
            ).values_list("value", "learner_id")
        )
    return matches
