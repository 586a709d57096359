"""Every write of the exchange app: storing xAPI statements, voiding, turning completion statements
into external completions, matching the review queue, and provider credentials.

`statements_store` is the one entry point for statements: it validates everything first, outside
any transaction, then stores the whole batch in one transaction or nothing (xAPI: a list with one
bad statement stores none of them).
"""

import datetime
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from core.permissions import group_with_permissions
from courses.models import Course, Provider
from learners.models import ExternalCompletion, LearnerIdentifier
from learners.selectors import LearnerMatches, learners_match
from learners.services import (
    ReportedCompletion,
    external_completions_record,
    external_completions_void,
    learner_account_link,
    learner_mailbox_digest_add,
    mbox_sha1sum,
)

from . import xapi
from .models import CredentialUse, ProviderCredential, Statement
from .uploads import waiting_uploads_match_email


class StatementRefused(Exception):  # noqa: N818  (an answer, not a programming error)
    """A batch the store refuses as a whole; `status` is the HTTP answer (400, 403, 409, 413)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def course_activity_prefix() -> str:
    return f"{settings.PLATFORM_BASE_URL.rstrip('/')}/xapi/activities/courses/"


@dataclass
class _Incoming:
    index: int
    data: dict
    statement_id: uuid.UUID
    fingerprint: str
    verb: str
    object_kind: str
    activity_id: str
    course: Course | None = None


def _where(index: int, single: bool) -> str:
    return "statement" if single else f"statements[{index}]"


def _authority(provider: Provider) -> dict:
    return {
        "objectType": "Agent",
        "name": provider.name_ja,
        "account": {"homePage": settings.PLATFORM_BASE_URL.rstrip("/"), "name": f"provider:{provider.slug}"},
    }


def _prepare(statements: list, *, single: bool) -> list[_Incoming]:
    """Validate every statement and give each an id; raises StatementRefused (400) on the first fault."""
    limit = settings.XAPI_MAX_STATEMENTS_PER_REQUEST
    if len(statements) > limit:
        raise StatementRefused(
            413,
            _("A request may carry at most %(limit)s statements; send them in smaller batches.")
            % {"limit": limit},
        )
    if not statements:
        raise StatementRefused(400, _("statements: the list is empty."))
    incoming: list[_Incoming] = []
    seen: dict[uuid.UUID, int] = {}
    for index, data in enumerate(statements):
        where = _where(index, single)
        try:
            xapi.statement_validate(data, where)
        except xapi.StatementError as error:
            raise StatementRefused(400, str(error)) from error
        size = len(json.dumps(data, ensure_ascii=False).encode())
        if size > settings.XAPI_MAX_STATEMENT_BYTES:
            raise StatementRefused(
                413,
                _("%(where)s: is %(size)s bytes; one statement may have at most %(limit)s.")
                % {"where": where, "size": size, "limit": settings.XAPI_MAX_STATEMENT_BYTES},
            )
        statement_id = uuid.UUID(data["id"]) if "id" in data else uuid.uuid4()
        if statement_id in seen:
            raise StatementRefused(
                400,
                _("%(where)s.id: repeats the id of statements[%(other)s].")
                % {"where": where, "other": seen[statement_id]},
            )
        seen[statement_id] = index
        obj = data["object"]
        kind = obj.get("objectType", "Activity")
        incoming.append(
            _Incoming(
                index=index,
                data=data,
                statement_id=statement_id,
                fingerprint=xapi.statement_fingerprint(data),
                verb=data["verb"]["id"],
                object_kind=kind,
                activity_id=obj["id"] if kind == "Activity" else "",
            )
        )
    return incoming


def _attach_courses(incoming: list[_Incoming], *, provider: Provider, single: bool) -> None:
    """Find the courses statements name by activity IRI (anywhere in the statement: object,
    SubStatement, context activities). Another provider's course is a 403, an unknown course IRI in
    the platform's namespace a 400. The course of a completion is the statement's own object."""
    prefix = course_activity_prefix()
    wanted: dict[uuid.UUID, list[_Incoming]] = {}
    own: dict[int, uuid.UUID] = {}
    for item in incoming:
        for iri in xapi.activity_ids(item.data):
            if not iri.startswith(prefix):
                continue
            try:
                course_uuid = uuid.UUID(iri[len(prefix) :].rstrip("/"))
            except ValueError:
                raise StatementRefused(
                    400,
                    _("%(where)s.object.id: names no course on this platform.")
                    % {"where": _where(item.index, single)},
                ) from None
            wanted.setdefault(course_uuid, []).append(item)
            if iri == item.activity_id:
                own[item.index] = course_uuid
    if not wanted:
        return
    courses = {course.uuid: course for course in Course.objects.filter(uuid__in=list(wanted))}
    for course_uuid, items in wanted.items():
        course = courses.get(course_uuid)
        where = _where(items[0].index, single)
        if course is None:
            raise StatementRefused(
                400, _("%(where)s.object.id: names no course on this platform.") % {"where": where}
            )
        if course.provider_id != provider.pk:
            raise StatementRefused(
                403, _("%(where)s.object.id: the course belongs to another provider.") % {"where": where}
            )
    for item in incoming:
        if item.index in own:
            item.course = courses[own[item.index]]


def _completion_timestamp(data: dict, stored: datetime.datetime) -> datetime.datetime:
    if "timestamp" in data:
        return xapi.timestamp_parse(data["timestamp"], "timestamp")
    return stored


def _score(data: dict) -> Decimal | None:
    scaled = data.get("result", {}).get("score", {}).get("scaled")
    return None if scaled is None else Decimal(str(round(scaled, 4)))


def _matched(matches: LearnerMatches, kind: str, value: str) -> int | None:
    if kind == "mbox":
        return matches.by_email.get(value.removeprefix("mailto:"))
    if kind == "mbox_sha1sum":
        return matches.by_digest.get(value)
    if kind == "account":
        return matches.by_account.get(value.partition("|")[2])
    return None


def _record_completions(statements: list[Statement], *, provider: Provider) -> None:
    """Completion statements become external completions for matched learners; the rest wait."""
    candidates = [row for row in statements if row.completion == Statement.Completion.WAITING]
    if not candidates:
        return
    emails, digests, accounts = set(), set(), set()
    for row in candidates:
        kind, _sep, value = row.actor_key.partition(":")
        if kind == "mbox":
            emails.add(value.removeprefix("mailto:"))
        elif kind == "mbox_sha1sum":
            digests.add(value)
        elif kind == "account":
            accounts.add(value.partition("|")[2])
    matches = learners_match(provider=provider, emails=emails, digests=digests, account_names=accounts)
    reported = []
    for row in candidates:
        kind, _sep, value = row.actor_key.partition(":")
        learner_id = _matched(matches, kind, value)
        if learner_id is None:
            continue
        row.learner_id = learner_id
        row.completion = Statement.Completion.RECORDED
        reported.append(
            ReportedCompletion(
                learner_id=learner_id,
                course_id=row.course_id,  # type: ignore[arg-type]  # completion statements name a course
                record_id=str(row.statement_id),
                completed_at=row.timestamp,
                score_scaled=_score(row.document),
            )
        )
    external_completions_record(
        provider=provider, channel=ExternalCompletion.Channel.XAPI, completions=reported
    )


def statements_store(
    *, credential: ProviderCredential, statements: list, single: bool = False, put_id: uuid.UUID | None = None
) -> tuple[list[uuid.UUID], int]:
    """Store statements for the credential's provider: all of them or none.

    Idempotent by statement id: a statement already stored with the same content is accepted again
    and stored once; other content under the same id is a 409. Returns (ids in order, how many new).
    Raises StatementRefused.
    """
    provider = credential.provider
    if put_id is not None:
        body = statements[0] if statements else None
        if isinstance(body, dict) and "id" in body and str(body["id"]).lower() != str(put_id):
            raise StatementRefused(400, _("statement.id: differs from the statementId parameter."))
        if isinstance(body, dict):
            body.setdefault("id", str(put_id))
    incoming = _prepare(statements, single=single)
    _attach_courses(incoming, provider=provider, single=single)
    try:
        with transaction.atomic():
            return _store(incoming, credential=credential, provider=provider, single=single)
    except IntegrityError as error:
        # Another request stored one of these ids between our check and our insert: the answer is
        # what a repeat of this request gets now (same content: accepted; other content: 409).
        with transaction.atomic():
            if Statement.objects.filter(statement_id__in=[item.statement_id for item in incoming]).exists():
                return _store(incoming, credential=credential, provider=provider, single=single)
        raise error


def _store(
    incoming: list[_Incoming], *, credential: ProviderCredential, provider: Provider, single: bool
) -> tuple[list[uuid.UUID], int]:
    ids = [item.statement_id for item in incoming]
    existing = {row.statement_id: row for row in Statement.objects.filter(statement_id__in=ids)}
    new_items = []
    for item in incoming:
        row = existing.get(item.statement_id)
        if row is None:
            new_items.append(item)
        elif row.provider_id != provider.pk or row.fingerprint != item.fingerprint:
            raise StatementRefused(
                409,
                _("%(where)s.id: a different statement with this id is already stored.")
                % {"where": _where(item.index, single)},
            )
    stored = timezone.now()
    voiding = [item for item in new_items if item.verb == xapi.VOIDED]
    targets = _void_targets(voiding, provider=provider, single=single)
    # Statements of this provider that arrive after their voiding statement
    already_voided = set(
        Statement.objects.filter(
            provider=provider, voids__in=[item.statement_id for item in new_items]
        ).values_list("voids", flat=True)
    ) | {uuid.UUID(item.data["object"]["id"]) for item in voiding}  # and those voided in this batch
    rows = []
    for item in new_items:
        document = dict(item.data)
        document["id"] = str(item.statement_id)
        document["stored"] = stored.isoformat()
        document["authority"] = _authority(provider)
        document.setdefault("version", "1.0.0")
        document.setdefault("timestamp", document["stored"])
        is_completion = item.verb in xapi.COMPLETION_VERBS and item.course is not None
        voided = item.statement_id in already_voided
        rows.append(
            Statement(
                statement_id=item.statement_id,
                provider=provider,
                credential=credential,
                document=document,
                fingerprint=item.fingerprint,
                verb_id=item.verb[:500],
                activity_id=item.activity_id[:500],
                actor_key=xapi.actor_key(item.data["actor"])[:600],
                stored=stored,
                timestamp=_completion_timestamp(item.data, stored),
                voids=uuid.UUID(item.data["object"]["id"]) if item.verb == xapi.VOIDED else None,
                is_voided=voided,
                completion=(
                    (Statement.Completion.VOIDED if voided else Statement.Completion.WAITING)
                    if is_completion
                    else Statement.Completion.NOT_A_COMPLETION
                ),
                course=item.course if is_completion else None,
            )
        )
    _record_completions(rows, provider=provider)
    Statement.objects.bulk_create(rows)
    if targets:
        Statement.objects.filter(pk__in=[target.pk for target in targets]).update(is_voided=True)
        Statement.objects.filter(
            pk__in=[target.pk for target in targets],
            completion__in=[Statement.Completion.WAITING, Statement.Completion.RECORDED],
        ).update(completion=Statement.Completion.VOIDED)
        external_completions_void(
            provider=provider, record_ids=[str(target.statement_id) for target in targets]
        )
    return ids, len(rows)


def _void_targets(voiding: list[_Incoming], *, provider: Provider, single: bool) -> list[Statement]:
    """The stored statements of this provider these voiding statements void, checked as the
    specification says. Another provider's statement is treated as one not stored (the voiding
    statement is kept and voids nothing), so an id's owner is never revealed. A batch may not void
    its own statements (send the voiding statement in a later request)."""
    if not voiding:
        return []
    wanted = {uuid.UUID(item.data["object"]["id"]): item for item in voiding}
    for target_id, item in wanted.items():
        if target_id in {other.statement_id for other in voiding} or target_id == item.statement_id:
            raise StatementRefused(
                400,
                _("%(where)s.object.id: a voiding statement cannot be voided.")
                % {"where": _where(item.index, single)},
            )
    targets = list(
        Statement.objects.select_for_update()
        .filter(provider=provider, statement_id__in=list(wanted))
        .order_by("pk")
    )
    for target in targets:
        where = _where(wanted[target.statement_id].index, single)
        if target.verb_id == xapi.VOIDED:
            raise StatementRefused(
                400, _("%(where)s.object.id: a voiding statement cannot be voided.") % {"where": where}
            )
        if target.is_voided:
            raise StatementRefused(
                400, _("%(where)s.object.id: this statement is already voided.") % {"where": where}
            )
    return targets


# --- The review queue -------------------------------------------------------------------------


def waiting_statements_match_email(*, learner: User, email: str) -> int:
    """A learner verified `email`: their waiting completions (statements by mbox or mbox_sha1sum,
    uploaded rows by address) are recorded.

    Idempotent; called when allauth confirms an address. Returns how many were recorded.
    """
    digest = learner_mailbox_digest_add(learner=learner, email=email)
    keys = [f"mbox:mailto:{email.lower()}", f"mbox_sha1sum:{digest}"]
    recorded = _match_waiting(
        Statement.objects.filter(completion=Statement.Completion.WAITING, actor_key__in=keys)
    )
    return recorded + waiting_uploads_match_email(learner=learner, email=email)


def waiting_statement_assign(*, actor: User, statement: Statement, learner: User) -> int:
    """Provider staff (or a superuser) say who a waiting statement's person is.

    For a provider-issued id (xAPI account) the link is remembered, so that id's other waiting and
    future statements match too. Returns how many statements were recorded.
    """
    if not (actor.is_superuser or statement.provider.staff.filter(pk=actor.pk).exists()):
        raise PermissionDenied
    if statement.completion != Statement.Completion.WAITING:
        return 0
    with transaction.atomic():
        if statement.actor_key.startswith("account:"):
            learner_account_link(
                provider=statement.provider,
                account_name=statement.actor_key.partition("|")[2],
                learner=learner,
            )
            return _match_waiting(
                Statement.objects.filter(
                    completion=Statement.Completion.WAITING,
                    provider=statement.provider,
                    actor_key=statement.actor_key,
                )
            )
        if learner.is_staff or learner.is_superuser or not learner.is_active:
            raise ValidationError({"learner": _("Choose an active learner account.")})
        return _record_for(Statement.objects.filter(pk=statement.pk), learner_id=learner.pk)


def _match_waiting(queryset) -> int:
    recorded = 0
    with transaction.atomic():
        by_provider: dict[int, list[Statement]] = {}
        for row in queryset.select_for_update().select_related("provider"):
            by_provider.setdefault(row.provider_id, []).append(row)
        for rows in by_provider.values():
            _record_completions(rows, provider=rows[0].provider)
            changed = [row for row in rows if row.completion == Statement.Completion.RECORDED]
            Statement.objects.bulk_update(changed, ["learner", "completion"])
            recorded += len(changed)
    return recorded


def _record_for(queryset, *, learner_id: int) -> int:
    rows = list(queryset.select_for_update().select_related("provider"))
    for row in rows:
        external_completions_record(
            provider=row.provider,
            channel=ExternalCompletion.Channel.XAPI,
            completions=[
                ReportedCompletion(
                    learner_id=learner_id,
                    course_id=row.course_id,
                    record_id=str(row.statement_id),
                    completed_at=row.timestamp,
                    score_scaled=_score(row.document),
                )
            ],
        )
        row.learner_id = learner_id
        row.completion = Statement.Completion.RECORDED
    Statement.objects.bulk_update(rows, ["learner", "completion"])
    return len(rows)


# --- Credentials --------------------------------------------------------------------------------


def credential_create(*, actor: User, credential: ProviderCredential) -> str:
    """Give an unsaved credential (provider, name, optional expiry) its key and save it; returns the
    key, which is shown once and never stored (only its SHA-512 hash is)."""
    if not (actor.is_superuser or credential.provider.staff.filter(pk=actor.pk).exists()):
        raise PermissionDenied
    key = ProviderCredential.objects.assign_key(credential)
    credential.created_by = actor
    credential.full_clean(exclude=["id", "prefix", "hashed_key"])
    credential.save()
    return key


def credential_revoke(*, credential: ProviderCredential) -> None:
    """Revoke for good (the library refuses to undo it). Idempotent."""
    if not credential.revoked:
        credential.revoked = True
        credential.revoked_at = timezone.now()
        credential.save(update_fields=["revoked", "revoked_at"])


def credential_use_record(
    *, credential: ProviderCredential, method: str, path: str, status_code: int, statements: int = 0,
    detail: str = "", remote_addr: str | None = None,
) -> None:  # fmt: skip
    """Record one use (also refused ones); a successful use moves `last_used_at`."""
    CredentialUse.objects.create(
        credential=credential,
        provider_id=credential.provider_id,
        method=method[:8],
        path=path[:300],
        status_code=status_code,
        statements=statements,
        detail=detail[:300],
        remote_addr=remote_addr or None,
    )
    if status_code < 400:
        ProviderCredential.objects.filter(pk=credential.pk).update(last_used_at=timezone.now())


# --- Provider staff ------------------------------------------------------------------------------

PROVIDER_STAFF_GROUP = "Provider staff"
# Model permissions of the "Provider staff" group: (app_label, model, actions).
PROVIDER_STAFF_PERMISSIONS = (
    ("exchange", "providercredential", ("view", "add", "change")),
    ("exchange", "credentialuse", ("view",)),
    ("exchange", "statement", ("view",)),
    ("exchange", "waitingstatement", ("view", "change")),
    ("exchange", "uploadbatch", ("view",)),
    ("exchange", "uploadwaitingrow", ("view", "change")),
    ("learners", "externalcompletion", ("view", "change")),
    ("learners", "learneridentifier", ("view", "add", "delete")),
)


@transaction.atomic
def provider_staff_group_ensure() -> Group:
    """Create the "Provider staff" group if needed, with exactly its model permissions. Idempotent."""
    return group_with_permissions(PROVIDER_STAFF_GROUP, PROVIDER_STAFF_PERMISSIONS)


@transaction.atomic
def provider_staff_create(
    *, username: str, providers: list[Provider], email: str = "", password: str | None = None
) -> User:
    """Create (or update) a staff user in the Provider staff group, linked to `providers`.

    Idempotent; an existing user keeps their password unless one is given. Refuses superusers.
    """
    if not providers:
        raise ValidationError({"providers": _("Name at least one provider.")})
    group = provider_staff_group_ensure()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=email, is_staff=True)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean()
        user.save()
    else:
        if user.is_superuser:
            raise ValidationError({"username": _("%(username)s is a superuser.") % {"username": username}})
        user.is_staff = True
        if password:
            user.set_password(password)
        user.save()
    user.groups.add(group)
    for provider in providers:
        provider.staff.add(user)
    return user


# --- Account deletion ----------------------------------------------------------------------------


def learner_statements_forget(*, learner: User) -> int:
    """The learner deleted their account: every statement that names them (matched to them, or
    naming one of their e-mail addresses, its hash, or an id a provider linked to them, as actor,
    object, instructor, team member or in a SubStatement) loses those identifiers; what counts
    (verb, course, time) stays. A hook of learners.services.learner_account_delete
    (settings.ACCOUNT_DELETION_HOOKS), run before the addresses are deleted. Returns how many."""
    emails = {
        address.lower()
        for address in EmailAddress.objects.filter(user=learner).values_list("email", flat=True)
    }
    if learner.email:
        emails.add(learner.email.lower())
    digests = {mbox_sha1sum(email) for email in emails}
    accounts = set(
        LearnerIdentifier.objects.filter(learner=learner, kind=LearnerIdentifier.Kind.ACCOUNT).values_list(
            "provider_id", "value"
        )
    )
    keys = {f"mbox:mailto:{email}" for email in emails} | {f"mbox_sha1sum:{digest}" for digest in digests}
    anonymous = {"objectType": "Agent", "account": {"homePage": settings.PLATFORM_BASE_URL.rstrip("/"),
                                                    "name": f"deleted:{uuid.uuid4()}"}}  # fmt: skip

    def names_them(agent: dict, provider_id: int) -> bool:
        mbox = str(agent.get("mbox", "")).lower().removeprefix("mailto:")
        account = agent.get("account")
        name = str(account.get("name", "")) if isinstance(account, dict) else ""
        return (
            mbox in emails
            or str(agent.get("mbox_sha1sum", "")).lower() in digests
            or (provider_id, name) in accounts
        )

    def scrub(value: object, provider_id: int) -> object:
        if isinstance(value, list):
            return [scrub(item, provider_id) for item in value]
        if not isinstance(value, dict):
            return value
        if value.get("objectType", "Agent") in ("Agent", "Group") and names_them(value, provider_id):
            return dict(anonymous)
        return {key: scrub(item, provider_id) for key, item in value.items()}

    account_keys = Q()
    for provider_id, name in accounts:
        account_keys |= Q(provider_id=provider_id, actor_key__endswith=f"|{name}")
    rows = list(
        Statement.objects.select_for_update()
        .filter(Q(learner=learner) | Q(actor_key__in=keys) | account_keys)
        .order_by("pk")
    )
    for row in rows:
        row.document = scrub(row.document, row.provider_id)
        row.actor_key = xapi.actor_key(row.document["actor"])
        row.learner = None
    Statement.objects.bulk_update(rows, ["document", "actor_key", "learner"])
    return len(rows)
