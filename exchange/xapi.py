"""xAPI 1.0.3 statement validation, for the subset a provider sends (Data, part two, section 2).

`statement_validate(data)` raises `StatementError` naming the property (`result.score.scaled`, …);
`statement_fingerprint(data)` is what two statements with the same id are compared by.
https://github.com/adlnet/xAPI-Spec/blob/master/xAPI-Data.md#statements
"""

import datetime
import hashlib
import json
import math
import re
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

VERSION = "1.0.3"
VERSION_RE = re.compile(r"^1\.0(\.\d+)?\Z")
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
PASSED = "http://adlnet.gov/expapi/verbs/passed"
COMPLETION_VERBS = frozenset({COMPLETED, PASSED})

# RFC 3987 in practice: a scheme, a colon and no white space (the specification asks for an IRI, not
# that it resolve).
IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+\Z")
LANGUAGE_TAG_RE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*\Z")
SHA1_RE = re.compile(r"^[0-9a-f]{40}\Z")
DURATION_RE = re.compile(
    r"^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?"
    r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?\Z"
)
# A date and a time (seconds and fraction optional), and an optional offset: what parse_datetime reads,
# without its date-only and other lenient forms.
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?\Z")
MAX_OFFSET = datetime.timedelta(hours=14)  # the widest real time zone (Kiribati); PostgreSQL takes < 16 h
MAX_DEPTH = 32  # nesting of objects and lists in one statement (extensions included)
MAX_ID_LENGTH = 500  # verb and activity ids, and the actor's identifier, are indexed columns
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
                  "version", "attachments"}  # fmt: skip
SUBSTATEMENT_KEYS = {"objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"}
AGENT_KEYS = {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}
IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")
ACTIVITY_DEFINITION_KEYS = {"name", "description", "type", "moreInfo", "extensions", "interactionType",
                            "correctResponsesPattern", "choices", "scale", "source", "target", "steps"}  # fmt: skip
INTERACTION_TYPES = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
                     "likert", "numeric", "other"}  # fmt: skip
CONTEXT_ACTIVITY_KEYS = {"parent", "grouping", "category", "other"}


class StatementError(Exception):
    """A statement the specification does not allow; `path` names the property."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def _fail(path: str, message: str) -> None:
    raise StatementError(path, message)


def _object(value: Any, path: str, allowed: set[str] | None = None) -> dict:
    if not isinstance(value, dict):
        _fail(path, _("must be a JSON object."))
    if allowed is not None:
        unknown = sorted(set(value) - allowed)
        if unknown:
            _fail(f"{path}.{unknown[0]}", _("is not a property the specification defines here."))
    return value


def _string(value: Any, path: str) -> str:
    if not isinstance(value, str):
        _fail(path, _("must be a string."))
    return value


def _iri(value: Any, path: str) -> str:
    if not isinstance(value, str) or not IRI_RE.match(value):
        _fail(path, _("must be an IRI (for example http://adlnet.gov/expapi/verbs/completed)."))
    return value


def _uuid(value: Any, path: str) -> uuid.UUID:
    try:
        parsed = uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or str(parsed) != value.lower():
        _fail(path, _("must be a UUID in its hyphenated form."))
    return parsed  # type: ignore[return-value]  # _fail raised otherwise


def _boolean(value: Any, path: str) -> None:
    if not isinstance(value, bool):
        _fail(path, _("must be true or false."))


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(path, _("must be a number."))
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        _fail(path, _("is too large a number."))
    return number


def _language_map(value: Any, path: str) -> None:
    _object(value, path)
    for tag, text in value.items():
        if not LANGUAGE_TAG_RE.match(tag):
            _fail(f"{path}.{tag}", _("is not an RFC 5646 language tag."))
        _string(text, f"{path}.{tag}")


def _extensions(value: Any, path: str) -> None:
    _object(value, path)
    for key in value:
        _iri(key, f"{path}.{key}")


def timestamp_parse(value: Any, path: str) -> datetime.datetime:
    """An ISO 8601 date and time, a real instant between the years 1 and 9999 in UTC, with an
    offset of at most 14 hours; one without a time zone is read as UTC."""
    message = _("must be an ISO 8601 date and time (for example 2026-04-01T09:30:00+09:00).")
    if not isinstance(value, str) or not TIMESTAMP_RE.match(value):
        raise StatementError(path, message)
    try:
        parsed = parse_datetime(value)
    except ValueError:  # 2026-02-30, 24:00, an offset over 24 hours
        parsed = None
    if parsed is None:
        raise StatementError(path, message)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    offset = parsed.utcoffset() or datetime.timedelta(0)
    if abs(offset) > MAX_OFFSET:
        raise StatementError(path, _("has a time-zone offset over 14 hours."))
    try:
        in_utc = parsed.astimezone(datetime.UTC)
    except OverflowError:
        raise StatementError(path, _("is outside the years 1 to 9999.")) from None
    if not 1 < in_utc.year < 9999:  # a day's margin on each side, for every time zone a reader uses
        raise StatementError(path, _("is outside the years 1 to 9999."))
    return parsed


def _agent(value: Any, path: str, *, group_allowed: bool = True, require_ifi: bool = True) -> None:
    data = _object(value, path)
    kind = data.get("objectType", "Agent")
    if kind == "Group" and group_allowed:
        _object(data, path, AGENT_KEYS | {"member"})
        members = data.get("member")
        if members is not None:
            if not isinstance(members, list):
                _fail(f"{path}.member", _("must be a list of agents."))
            for index, member in enumerate(members):
                _agent(member, f"{path}.member[{index}]", group_allowed=False)
        identifiers = [key for key in IFI_KEYS if key in data]
        if len(identifiers) > 1:
            _fail(
                path,
                _("has more than one inverse functional identifier (%(keys)s).")
                % {"keys": ", ".join(identifiers)},
            )
        if not identifiers and not members:
            _fail(f"{path}.member", _("an anonymous group must list its members."))
        if identifiers:
            _ifi(data, identifiers[0], path)
        if "name" in data:
            _string(data["name"], f"{path}.name")
        return
    if kind != "Agent":
        _fail(f"{path}.objectType", _("must be Agent or Group."))
    _object(data, path, AGENT_KEYS)
    identifiers = [key for key in IFI_KEYS if key in data]
    if len(identifiers) != 1 and require_ifi:
        if not identifiers:
            _fail(
                path,
                _("needs exactly one inverse functional identifier: mbox, mbox_sha1sum, openid or account."),
            )
        _fail(
            path,
            _("has more than one inverse functional identifier (%(keys)s).")
            % {"keys": ", ".join(identifiers)},
        )
    if identifiers:
        _ifi(data, identifiers[0], path)
    if "name" in data:
        _string(data["name"], f"{path}.name")


def _ifi(data: dict, key: str, path: str) -> None:
    value = data[key]
    where = f"{path}.{key}"
    if key == "mbox":
        if not isinstance(value, str) or not value.startswith("mailto:"):
            _fail(where, _("must be a mailto: IRI (mailto:name@example.jp)."))
        try:
            validate_email(value[len("mailto:") :])
        except ValidationError:
            _fail(where, _("is not a valid e-mail address."))
    elif key == "mbox_sha1sum":
        if not isinstance(value, str) or not SHA1_RE.match(value.lower()):
            _fail(where, _("must be the 40-character hexadecimal SHA-1 of the mailto: IRI."))
    elif key == "openid":
        _iri(value, where)
    else:
        account = _object(value, where, {"homePage", "name"})
        if "homePage" not in account:
            _fail(f"{where}.homePage", _("is required."))
        _iri(account["homePage"], f"{where}.homePage")
        if not isinstance(account.get("name"), str) or not account["name"]:
            _fail(f"{where}.name", _("is required and must be a string."))


def agent_validate(value: Any, path: str) -> None:
    """An Agent or Group as a query names it: exactly one identifier (an anonymous group is no filter)."""
    _agent(value, path)
    if isinstance(value, dict) and not any(key in value for key in IFI_KEYS):
        _fail(path, _("an anonymous group cannot be a filter."))


def _verb(value: Any, path: str) -> str:
    data = _object(value, path, {"id", "display"})
    if "id" not in data:
        _fail(f"{path}.id", _("is required."))
    _iri(data["id"], f"{path}.id")
    if "display" in data:
        _language_map(data["display"], f"{path}.display")
    return data["id"]


def _activity(value: Any, path: str) -> None:
    data = _object(value, path, {"objectType", "id", "definition"})
    if data.get("objectType", "Activity") != "Activity":
        _fail(f"{path}.objectType", _("must be Activity."))
    if "id" not in data:
        _fail(f"{path}.id", _("is required."))
    _iri(data["id"], f"{path}.id")
    if "definition" in data:
        definition = _object(data["definition"], f"{path}.definition", ACTIVITY_DEFINITION_KEYS)
        for key in ("name", "description"):
            if key in definition:
                _language_map(definition[key], f"{path}.definition.{key}")
        for key in ("type", "moreInfo"):
            if key in definition:
                _iri(definition[key], f"{path}.definition.{key}")
        if "extensions" in definition:
            _extensions(definition["extensions"], f"{path}.definition.extensions")
        if "interactionType" in definition and definition["interactionType"] not in INTERACTION_TYPES:
            _fail(f"{path}.definition.interactionType", _("is not an interaction type of the specification."))


def _statement_ref(value: Any, path: str) -> uuid.UUID:
    data = _object(value, path, {"objectType", "id"})
    if "id" not in data:
        _fail(f"{path}.id", _("is required."))
    return _uuid(data["id"], f"{path}.id")


def _object_property(value: Any, path: str, *, substatement_allowed: bool) -> str:
    data = _object(value, path)
    kind = data.get("objectType", "Activity")
    if kind == "Activity":
        _activity(data, path)
    elif kind in ("Agent", "Group"):
        _agent(data, path)
    elif kind == "StatementRef":
        _statement_ref(data, path)
    elif kind == "SubStatement" and substatement_allowed:
        _object(data, path, SUBSTATEMENT_KEYS)
        _body(data, path, substatement=True)
    elif kind == "SubStatement":
        _fail(f"{path}.objectType", _("a SubStatement cannot contain another SubStatement."))
    else:
        _fail(f"{path}.objectType", _("must be Activity, Agent, Group, StatementRef or SubStatement."))
    return kind


def _result(value: Any, path: str) -> None:
    data = _object(value, path, {"score", "success", "completion", "response", "duration", "extensions"})
    if "score" in data:
        score = _object(data["score"], f"{path}.score", {"scaled", "raw", "min", "max"})
        if "scaled" in score and not -1 <= _number(score["scaled"], f"{path}.score.scaled") <= 1:
            _fail(f"{path}.score.scaled", _("must be between -1 and 1."))
        low = _number(score["min"], f"{path}.score.min") if "min" in score else None
        high = _number(score["max"], f"{path}.score.max") if "max" in score else None
        if low is not None and high is not None and low >= high:
            _fail(f"{path}.score.max", _("must be greater than min."))
        if "raw" in score:
            raw = _number(score["raw"], f"{path}.score.raw")
            if (low is not None and raw < low) or (high is not None and raw > high):
                _fail(f"{path}.score.raw", _("must be between min and max."))
    for key in ("success", "completion"):
        if key in data:
            _boolean(data[key], f"{path}.{key}")
    if "response" in data:
        _string(data["response"], f"{path}.response")
    if "duration" in data and not (isinstance(data["duration"], str) and DURATION_RE.match(data["duration"])):
        _fail(f"{path}.duration", _("must be an ISO 8601 duration (for example PT1H30M)."))
    if "extensions" in data:
        _extensions(data["extensions"], f"{path}.extensions")


def _context(value: Any, path: str, object_kind: str) -> None:
    data = _object(value, path, {"registration", "instructor", "team", "contextActivities", "revision",
                                 "platform", "language", "statement", "extensions"})  # fmt: skip
    if "registration" in data:
        _uuid(data["registration"], f"{path}.registration")
    if "instructor" in data:
        _agent(data["instructor"], f"{path}.instructor")
    if "team" in data:
        if _object(data["team"], f"{path}.team").get("objectType") != "Group":
            _fail(f"{path}.team.objectType", _("must be Group."))
        _agent(data["team"], f"{path}.team")
    if "contextActivities" in data:
        activities = _object(data["contextActivities"], f"{path}.contextActivities", CONTEXT_ACTIVITY_KEYS)
        for key, items in activities.items():
            for index, item in enumerate(items if isinstance(items, list) else [items]):
                _activity(item, f"{path}.contextActivities.{key}[{index}]")
    for key in ("revision", "platform"):
        if key in data:
            _string(data[key], f"{path}.{key}")
            if object_kind != "Activity":
                _fail(f"{path}.{key}", _("is allowed only when the object is an Activity."))
    if "language" in data and not (
        isinstance(data["language"], str) and LANGUAGE_TAG_RE.match(data["language"])
    ):
        _fail(f"{path}.language", _("is not an RFC 5646 language tag."))
    if "statement" in data:
        if _object(data["statement"], f"{path}.statement").get("objectType") != "StatementRef":
            _fail(f"{path}.statement.objectType", _("must be StatementRef."))
        _statement_ref(data["statement"], f"{path}.statement")
    if "extensions" in data:
        _extensions(data["extensions"], f"{path}.extensions")


def _attachments(value: Any, path: str) -> None:
    if not isinstance(value, list):
        _fail(path, _("must be a list."))
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        data = _object(item, where, {"usageType", "display", "description", "contentType", "length", "sha2",
                                     "fileUrl"})  # fmt: skip
        for key in ("usageType", "display", "contentType", "length", "sha2"):
            if key not in data:
                _fail(f"{where}.{key}", _("is required."))
        _iri(data["usageType"], f"{where}.usageType")
        _language_map(data["display"], f"{where}.display")
        if "description" in data:
            _language_map(data["description"], f"{where}.description")
        _string(data["contentType"], f"{where}.contentType")
        if isinstance(data["length"], bool) or not isinstance(data["length"], int) or data["length"] < 0:
            _fail(f"{where}.length", _("must be a whole number of bytes."))
        _string(data["sha2"], f"{where}.sha2")
        if "fileUrl" in data:
            _iri(data["fileUrl"], f"{where}.fileUrl")
        else:
            # The content would come as a multipart/mixed part; this store accepts attachments by
            # fileUrl only, which the specification lets a store require (Communication, 1.5.2).
            _fail(f"{where}.fileUrl", _("is required: this store does not accept attachment content "
                                       "(multipart/mixed); give the attachment's fileUrl."))  # fmt: skip


def _body(data: dict, path: str, *, substatement: bool = False) -> None:
    for key in ("actor", "verb", "object"):
        if key not in data:
            _fail(f"{path}.{key}", _("is required."))
    _agent(data["actor"], f"{path}.actor")
    verb = _verb(data["verb"], f"{path}.verb")
    kind = _object_property(data["object"], f"{path}.object", substatement_allowed=not substatement)
    if verb == VOIDED and kind != "StatementRef":
        _fail(f"{path}.object.objectType", _("a voiding statement's object must be a StatementRef."))
    if "result" in data:
        _result(data["result"], f"{path}.result")
    if "context" in data:
        _context(data["context"], f"{path}.context", kind)
    if "timestamp" in data:
        timestamp_parse(data["timestamp"], f"{path}.timestamp")
    if "attachments" in data:
        _attachments(data["attachments"], f"{path}.attachments")


def unstorable(value: Any, path: str, depth: int = 0) -> tuple[str, str] | None:
    """The first place in a JSON value the store cannot keep: nesting deeper than MAX_DEPTH, a NUL
    or a lone surrogate in a string or key (PostgreSQL refuses both), a number that is not finite.
    Returns (path, message) or None."""
    if depth > MAX_DEPTH:
        return path, _("is nested deeper than %(depth)s levels.") % {"depth": MAX_DEPTH}
    if isinstance(value, str):
        if "\x00" in value:
            return path, _("contains a NUL character, which cannot be stored.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path, _("contains a lone surrogate, which is not text.")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return path, _("is too large a number.")
    if isinstance(value, dict):
        for key, item in value.items():
            found = unstorable(key, f"{path}.<key>", depth + 1) or unstorable(
                item, f"{path}.{key}", depth + 1
            )
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = unstorable(item, f"{path}[{index}]", depth + 1)
            if found:
                return found
    return None


def _length(value: str, path: str) -> None:
    if len(value) > MAX_ID_LENGTH:
        _fail(path, _("is longer than %(limit)s characters.") % {"limit": MAX_ID_LENGTH})


def statement_validate(data: Any, path: str = "statement") -> None:
    """Raise StatementError unless `data` is a statement xAPI 1.0.3 allows from a client."""
    found = unstorable(data, path)
    if found:
        _fail(*found)
    _object(data, path, STATEMENT_KEYS)
    if "id" in data:
        _uuid(data["id"], f"{path}.id")
    if "version" in data and not (isinstance(data["version"], str) and VERSION_RE.match(data["version"])):
        _fail(f"{path}.version", _("must be 1.0.x."))
    if "stored" in data:
        timestamp_parse(data["stored"], f"{path}.stored")
    if "authority" in data:
        _agent(data["authority"], f"{path}.authority")
    _body(data, path)
    _length(data["verb"]["id"], f"{path}.verb.id")
    if data["object"].get("objectType", "Activity") == "Activity":
        _length(data["object"]["id"], f"{path}.object.id")
    _length(actor_key(data["actor"]), f"{path}.actor")


def statement_fingerprint(data: dict) -> str:
    """SHA-256 of the canonical JSON of what the client sent, less what the store sets or may change."""
    content = {
        key: value for key, value in data.items() if key not in ("id", "stored", "authority", "version")
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def actor_key(actor: dict) -> str:
    """One string for the actor's identifier, the key queries and matching use."""
    if "mbox" in actor:
        return "mbox:" + actor["mbox"].lower()
    if "mbox_sha1sum" in actor:
        return "mbox_sha1sum:" + actor["mbox_sha1sum"].lower()
    if "openid" in actor:
        return "openid:" + actor["openid"]
    if "account" in actor:
        return "account:" + actor["account"]["homePage"] + "|" + actor["account"]["name"]
    # An anonymous group is its members: a digest keeps the key short whatever their number.
    members = ",".join(sorted(actor_key(member) for member in actor.get("member", [])))
    return "group:" + hashlib.sha256(members.encode()).hexdigest()


def activity_ids(data: dict) -> list[str]:
    """Every activity id a statement names: its object, a SubStatement's object, context activities
    (of the statement and of a SubStatement)."""
    found: list[str] = []

    def collect(body: dict) -> None:
        obj = body.get("object", {})
        kind = obj.get("objectType", "Activity")
        if kind == "Activity":
            found.append(obj["id"])
        elif kind == "SubStatement":
            collect(obj)
        for items in body.get("context", {}).get("contextActivities", {}).values():
            for item in items if isinstance(items, list) else [items]:
                found.append(item["id"])

    collect(data)
    return found
