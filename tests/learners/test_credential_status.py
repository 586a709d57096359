"""Issue #13: revocation any verifier can check (Bitstring Status List), holder binding, did:web and
key rotation. The outside verifier here uses only what is public: the credential, and what the
platform serves at the URLs written in it."""

import base64
import copy
import gzip
import json
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from jsonschema import Draft201909Validator

from learners import credentials
from learners.credentials import did, status
from learners.models import Credential, IssuerKey, StatusList
from learners.selectors import Verdict, credential_check
from learners.services import (
    credential_issue,
    credential_revoke,
    credentials_add_status,
    issuer_key_rotate,
    learner_profile_save,
)
from tests.core.factories import StaffFactory

from .factories import EnrolmentFactory, LearnerProfileFactory
from .test_certificates import BASE, SCHEMA

pytestmark = pytest.mark.django_db


# --- An outside verifier: HTTP GETs of the public URLs, nothing else ----------------------------


def fetch(client, url: str):
    """GET a URL the platform published (its host is PLATFORM_BASE_URL's) and parse the JSON."""
    assert url.startswith(BASE), url
    response = client.get(urlsplit(url).path)
    return json.loads(response.content) if response.status_code == 200 else None


def did_web_resolver(client):
    """did:web resolution per the method specification: did:web:<host> -> https://<host>/.well-known/did.json."""

    def resolve(method: str) -> Ed25519PublicKey | None:
        did_value = method.partition("#")[0]
        host = did_value.removeprefix("did:web:").replace("%3A", ":")
        document = fetch(client, f"https://{host}/.well-known/did.json")
        for entry in (document or {}).get("verificationMethod", []):
            if entry["id"] == method and method in document["assertionMethod"]:
                return did._public_key_from_multibase(entry["publicKeyMultibase"])
        return None

    return resolve


def outside_status(client, document, *, resolve=None) -> credentials.StatusCheck:
    return credentials.check_status(
        document,
        fetch=lambda url: fetch(client, url),
        verify_list=lambda listed: credentials.verify_status_list(listed, resolve=resolve),
    )


def bit_by_hand(client, document) -> int:
    """The same bit read with the standard library only, as the specification describes it."""
    entry = document["credentialStatus"]
    listed = fetch(client, entry["statusListCredential"])
    encoded = listed["credentialSubject"]["encodedList"]
    assert encoded[0] == "u"
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    index = int(entry["statusListIndex"])
    return bits[index // 8] >> (7 - index % 8) & 1


# --- Status entries ------------------------------------------------------------------------------


def test_an_issued_credential_carries_a_bitstring_status_list_entry(credential):
    entry = credential.document["credentialStatus"]
    status_list = credential.status_list

    assert entry == {
        "id": f"{BASE}/credentials/status/{status_list.uuid}#{credential.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(credential.status_index),
        "statusListCredential": f"{BASE}/credentials/status/{status_list.uuid}",
    }
    assert status_list.size == 131_072
    assert status_list.allocated == 1
    assert credentials.verify(credential.document).is_valid


def test_the_credential_with_status_and_identifier_still_validates_against_the_ob3_schema(credential):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)

    assert [e.message for e in validator.iter_errors(credential.document)] == []


def test_the_served_status_list_is_a_signed_compressed_list_of_131072_entries(client, credential):
    url = credential.document["credentialStatus"]["statusListCredential"]
    response = client.get(urlsplit(url).path)
    listed = json.loads(response.content)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert listed["id"] == url
    assert listed["issuer"]["id"] == credential.document["issuer"]["id"]
    assert listed["credentialSubject"]["type"] == "BitstringStatusList"
    assert listed["credentialSubject"]["statusPurpose"] == "revocation"
    assert credentials.verify_status_list(listed).is_valid
    encoded = listed["credentialSubject"]["encodedList"]
    assert len(status.decode_bits(encoded)) * 8 == 131_072
    assert len(encoded) < 200  # GZIP: an almost empty list is a few dozen bytes


def test_revoking_flips_the_bit_and_an_outside_verifier_sees_it(client, credential):
    document = copy.deepcopy(credential.document)  # what the holder has: it never changes
    before = outside_status(client, document)
    assert (before.ok, before.revoked) == (True, False)
    assert bit_by_hand(client, document) == 0

    credential_revoke(credential=credential, reason="Issued in error", actor=StaffFactory(is_superuser=True))

    after = outside_status(client, document)
    assert (after.ok, after.revoked) == (True, True)
    assert bit_by_hand(client, document) == 1
    assert credentials.verify(document).is_valid  # the signature is still intact: only the list says so
    served = fetch(client, document["credentialStatus"]["statusListCredential"])
    assert credentials.verify_status_list(served).is_valid  # re-signed after the change


def test_revoking_one_credential_leaves_the_others_clear(client, course, credential):
    others = [
        credential_issue(enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now()))
        for _ in range(3)
    ]
    credential_revoke(credential=credential, reason="Fraud", actor=StaffFactory(is_superuser=True))

    assert [outside_status(client, c.document).revoked for c in others] == [False, False, False]
    assert len({c.status_index for c in [credential, *others]}) == 4


def test_indexes_are_drawn_at_random_not_in_order_of_issue(course):
    issued = [
        credential_issue(enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now()))
        for _ in range(8)
    ]
    indexes = [c.status_index for c in issued]

    # Sequential allocation would give 0..7; eight random draws from 131,072 are never that.
    assert indexes != sorted(indexes) or max(indexes) > 1000
    assert len(set(indexes)) == 8


def test_a_full_list_opens_a_new_one(course, monkeypatch):
    first = credential_issue(
        enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
    )
    StatusList.objects.filter(pk=first.status_list_id).update(allocated=131_072 // 2)

    second = credential_issue(
        enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
    )

    assert second.status_list_id != first.status_list_id
    assert StatusList.objects.count() == 2


def test_a_bogus_status_list_id_is_a_clear_404(client):
    for path in (
        "/credentials/status/not-a-uuid",
        "/credentials/status/00000000-0000-0000-0000-000000000000",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert "No status list has the id" in json.loads(response.content)["detail"]


def test_a_status_entry_pointing_at_another_issuers_list_is_refused(client, credential):
    # Another issuer's list, served where the credential says: a verifier must not trust it.
    other_key = Ed25519PrivateKey.generate()
    foreign_issuer = did._did_key(other_key.public_key())
    url = credential.document["credentialStatus"]["statusListCredential"]
    foreign = credentials.sign(
        status.status_list_credential(
            list_url=url, issuer={"id": foreign_issuer}, bits=status.empty_bits(), valid_from=timezone.now()
        ),
        key=other_key,
    )

    result = credentials.check_status(
        credential.document, fetch=lambda _url: foreign, verify_list=credentials.verify_status_list
    )

    assert (result.ok, result.reason) == (
        False,
        "the status list belongs to another issuer than the credential",
    )


def test_the_platform_calls_a_status_entry_of_a_foreign_list_tampered(credential):
    document = copy.deepcopy(credential.document)
    del document["proof"]
    document["credentialStatus"]["statusListCredential"] = "https://elsewhere.example/status/1"
    resigned = credentials.sign(document)

    check = credential_check(document=resigned)

    assert check.verdict == Verdict.TAMPERED
    assert check.reason == "its status entry points at a status list that is not this platform's"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["credentialSubject"].update(encodedList="xabc"), "must start with 'u'"),
        (lambda d: d["credentialSubject"].update(encodedList="u!!!"), "not base64url"),
        (lambda d: d["credentialSubject"].update(encodedList="ubm90IGd6aXA"), "not GZIP-compressed"),
        (lambda d: d["credentialSubject"].update(statusPurpose="suspension"), "purpose is not the entry's"),
        (
            lambda d: d["credentialSubject"].update(encodedList=status.encode_bits(bytes(16))),
            "shorter than 131072",
        ),
        (lambda d: d.update(validUntil="2020-01-01T00:00:00Z"), "not valid now"),
    ],
)
def test_a_broken_status_list_is_reported_not_trusted(credential, change, reason):
    listed = copy.deepcopy(credential.status_list.document)
    del listed["proof"]
    change(listed)
    signed = credentials.sign(listed)

    result = credentials.check_status(
        credential.document, fetch=lambda _url: signed, verify_list=credentials.verify_status_list
    )

    assert result.ok is False
    assert reason in result.reason


def test_a_status_list_changed_after_signing_is_not_trusted(credential):
    listed = copy.deepcopy(credential.status_list.document)
    listed["credentialSubject"]["encodedList"] = status.encode_bits(status.bit_set(status.empty_bits(), 5))

    result = credentials.check_status(
        credential.document, fetch=lambda _url: listed, verify_list=credentials.verify_status_list
    )

    assert result.ok is False
    assert "proof does not verify" in result.reason


def test_a_gzip_bomb_is_refused():
    bomb = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(40 * 1024 * 1024))).rstrip(b"=").decode()

    with pytest.raises(ValueError, match="more than 16 MB"):
        status.decode_bits(bomb)


# --- Credentials issued before status lists -------------------------------------------------------


def _issued_before_status_lists(credential: Credential) -> dict:
    """Make `credential` look like one issued before this change: no entry, signed without it."""
    unsigned = {k: v for k, v in credential.document.items() if k not in ("proof", "credentialStatus")}
    old = credentials.sign(unsigned)
    Credential.objects.filter(pk=credential.pk).update(document=old, status_list=None, status_index=None)
    return old


def test_older_credentials_get_an_entry_and_their_first_version_still_verifies(client, credential):
    old = _issued_before_status_lists(credential)

    assert credentials_add_status() == 1
    assert credentials_add_status() == 0  # idempotent

    credential.refresh_from_db()
    assert credential.original_document == old
    assert credentials.verify(old).is_valid  # the copy the learner downloaded before is untouched
    assert credential_check(document=old).verdict == Verdict.VALID
    assert credentials.verify(credential.document).is_valid
    assert {k: v for k, v in credential.document.items() if k not in ("proof", "credentialStatus")} == {
        k: v for k, v in old.items() if k != "proof"
    }
    assert outside_status(client, credential.document).revoked is False


def test_an_older_revoked_credential_gets_its_bit_set(client, credential):
    _issued_before_status_lists(credential)
    Credential.objects.filter(pk=credential.pk).update(revoked_at=timezone.now(), revocation_reason="Fraud")

    call_command("add_credential_status")

    credential.refresh_from_db()
    assert outside_status(client, credential.document).revoked is True
    assert credential_check(document=credential.original_document).verdict == Verdict.REVOKED


# --- Holder binding ----------------------------------------------------------------------------


def test_the_subject_carries_a_salted_hash_of_the_e_mail_address(credential):
    subject = credential.document["credentialSubject"]
    [identity] = subject["identifier"]

    assert identity["type"] == "IdentityObject"
    assert identity["identityType"] == "emailAddress"
    assert identity["hashed"] is True
    assert len(identity["salt"]) == 32
    assert identity["identityHash"].startswith("sha256$")
    assert credential.learner.email not in json.dumps(credential.document)
    # An employer who knows the address checks it; any other address does not match.
    assert credentials.identity_matches(identity, credential.learner.email.upper())
    assert not credentials.identity_matches(identity, "someone.else@example.jp")


def test_two_credentials_of_one_learner_have_different_salts(course, learner_a):
    first, second = (
        credential_issue(
            enrolment=EnrolmentFactory.create(learner=learner_a, course=c, completed_at=timezone.now())
        )
        for c in (course.course, EnrolmentFactory.create().course)
    )

    hashes = {c.document["credentialSubject"]["identifier"][0]["identityHash"] for c in (first, second)}
    assert len(hashes) == 2  # the hashes cannot be linked to each other


def test_the_profile_names_are_printed_on_the_certificate(course, learner_a):
    LearnerProfileFactory.create(user=learner_a, name_kanji="山田 花子", name_romanised="Hanako Yamada")
    enrolment = EnrolmentFactory.create(learner=learner_a, course=course.course, completed_at=timezone.now())

    document = credential_issue(enrolment=enrolment).document

    assert document["credentialSubject"]["name"] == "山田 花子 (Hanako Yamada)"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name_kanji", "=HYPERLINK(1)"),
        ("name_kanji", "山田 花子2"),
        ("name_kanji", " 山田"),
        ("name_kanji", "<b>山田</b>"),
        ("name_kanji", "山" * 61),
        ("name_romanised", "山田 花子"),
        ("name_romanised", "Hanako\x00Yamada"),
        ("name_romanised", "-Hanako"),
    ],
)
def test_a_bad_name_is_refused_and_names_its_field(learner_a, field, value):
    profile = LearnerProfileFactory.build(user=learner_a, **{field: value})

    with pytest.raises(ValidationError) as raised:
        profile.full_clean()

    assert field in raised.value.message_dict


@pytest.mark.parametrize(
    "value", ["山田 花子", "やまだ はなこ", "オニール・ジョン", "José O'Neill-Müller", ""]
)
def test_good_names_are_accepted(learner_a, value):
    LearnerProfileFactory.build(user=learner_a, name_kanji=value).full_clean()


def test_the_profile_service_stores_the_names(learner_a):
    learner_profile_save(
        user=learner_a,
        prefecture="13",
        age_band="30s",
        employment_status="employed",
        industry="finance",
        organisation="",
        consents_to_statistics=False,
        name_kanji="山田 花子",
        name_romanised="Hanako Yamada",
    )

    assert (learner_a.learner_profile.name_kanji, learner_a.learner_profile.name_romanised) == (
        "山田 花子",
        "Hanako Yamada",
    )


# --- did:web and key rotation ------------------------------------------------------------------


def test_the_did_document_lists_the_current_key(client):
    response = client.get("/.well-known/did.json")
    document = json.loads(response.content)
    key = credentials.public_key_multibase()

    assert response.status_code == 200
    assert document["id"] == "did:web:skills.example.go.jp"
    assert document["verificationMethod"] == [
        {
            "id": f"did:web:skills.example.go.jp#{key}",
            "type": "Multikey",
            "controller": "did:web:skills.example.go.jp",
            "publicKeyMultibase": key,
        }
    ]
    assert document["assertionMethod"] == [f"did:web:skills.example.go.jp#{key}"]
    assert document["alsoKnownAs"] == [f"did:key:{key}"]


def test_a_port_is_percent_encoded_in_did_web(settings):
    settings.PLATFORM_BASE_URL = "http://127.0.0.1:8000"
    assert credentials.did_web() == "did:web:127.0.0.1%3A8000"


def test_with_did_web_credentials_verify_through_the_did_document(client, settings, course):
    settings.CREDENTIAL_ISSUER_DID_METHOD = "web"
    issued = credential_issue(
        enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
    )

    assert issued.document["issuer"]["id"] == "did:web:skills.example.go.jp"
    assert issued.document["proof"][0]["verificationMethod"].startswith("did:web:skills.example.go.jp#z6Mk")
    assert credentials.verify(issued.document).is_valid is False  # offline, did:web needs its document
    assert credentials.verify(issued.document, resolve=did_web_resolver(client)).is_valid
    assert credential_check(document=issued.document).verdict == Verdict.VALID
    assert outside_status(client, issued.document, resolve=did_web_resolver(client)).ok


def test_rotating_the_key_keeps_old_and_new_credentials_verifying(client, settings, course, tmp_path):
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "key.pem"
    settings.CREDENTIAL_ISSUER_DID_METHOD = "web"
    old = credential_issue(
        enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
    )
    old_key = credentials.public_key_multibase()

    call_command("rotate_credential_key")

    new_key = credentials.public_key_multibase()
    new = credential_issue(
        enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
    )
    assert new_key != old_key
    assert list(tmp_path.glob("key.pem.retired-*"))  # the old private key is out of the way
    assert IssuerKey.objects.get(public_key_multibase=old_key).retired_at is not None
    resolve = did_web_resolver(client)
    for credential_ in (old, new):
        assert credentials.verify(credential_.document, resolve=resolve).is_valid
        assert credential_check(document=credential_.document).verdict == Verdict.VALID
        assert outside_status(client, credential_.document, resolve=resolve).ok  # the list is re-signed
    listed = fetch(client, "https://skills.example.go.jp/.well-known/did.json")
    assert [m["publicKeyMultibase"] for m in listed["verificationMethod"]] == [new_key, old_key]


def test_rotating_a_did_key_issuer_keeps_old_credentials_valid_here(settings, course, tmp_path):
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "key.pem"
    old = credential_issue(
        enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
    )

    issuer_key_rotate()

    assert credentials.verify(old.document).is_valid  # did:key: offline, from the file alone
    assert credential_check(document=old.document).verdict == Verdict.VALID


def test_after_a_did_key_rotation_an_outside_verifier_still_reads_old_and_new_status(
    client, settings, course, tmp_path
):
    """The attack's F2: the specification has a verifier check that the status list's issuer is the
    credential's. Before, every list was re-signed under the new did:key, so an old credential's
    list "belonged to another issuer" and its revocation could no longer be read from outside."""
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "key.pem"
    old = credential_issue(
        enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
    )
    old_did = old.document["issuer"]["id"]

    issuer_key_rotate()
    new = credential_issue(
        enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
    )

    assert new.document["issuer"]["id"] != old_did
    assert new.status_list_id != old.status_list_id  # new credentials take a list of the new issuer
    for issued in (old, new):
        checked = outside_status(client, issued.document)
        assert checked.ok, checked.reason
        assert checked.revoked is False
        listed = fetch(client, issued.document["credentialStatus"]["statusListCredential"])
        assert listed["issuer"]["id"] == issued.document["issuer"]["id"]

    credential_revoke(credential=old, actor=StaffFactory.create(), reason="issued in error")
    old.refresh_from_db()
    checked = outside_status(client, old.document)
    assert (checked.ok, checked.revoked) == (True, True), checked.reason
    assert outside_status(client, new.document).revoked is False


def test_re_signing_keeps_each_list_under_its_own_issuer(client, settings, course, tmp_path):
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "key.pem"
    old = credential_issue(
        enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
    )
    issuer_key_rotate()
    issuer_key_rotate()  # the old key is now two files back

    from learners.services import status_lists_resign

    assert status_lists_resign() == StatusList.objects.count()
    checked = outside_status(client, old.document)
    assert checked.ok, checked.reason


def test_changing_the_did_method_keeps_the_old_lists_under_did_web(client, settings, course, tmp_path):
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "key.pem"
    settings.CREDENTIAL_ISSUER_DID_METHOD = "web"
    under_web = credential_issue(
        enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
    )
    settings.CREDENTIAL_ISSUER_DID_METHOD = "key"

    from learners.services import status_lists_resign

    status_lists_resign()
    under_key = credential_issue(
        enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
    )

    assert under_key.status_list_id != under_web.status_list_id
    checked = outside_status(client, under_web.document, resolve=did_web_resolver(client))
    assert checked.ok, checked.reason
    checked = outside_status(client, under_key.document)
    assert checked.ok, checked.reason


def test_without_the_retired_key_file_a_list_fails_closed(client, settings, course, tmp_path, caplog):
    """The retired key file destroyed: the old list cannot be signed as its issuer any more. It is
    signed by the current key then, which an outside verifier refuses (another issuer) rather than
    reading a stale "not revoked"; the log says what to do."""
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "key.pem"
    old = credential_issue(
        enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
    )
    issuer_key_rotate()
    for retired in tmp_path.glob("key.pem.retired-*"):
        retired.unlink()

    credential_revoke(credential=old, actor=StaffFactory.create(), reason="issued in error")
    old.refresh_from_db()

    checked = outside_status(client, old.document)
    assert checked.ok is False
    assert "retired" in caplog.text
    assert credential_check(document=old.document).verdict == Verdict.REVOKED  # here it is known


def test_the_removed_previous_dids_setting_is_refused_at_start_up(monkeypatch):
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.test'; django.setup()",
        ],
        env={**__import__("os").environ, "CREDENTIAL_PREVIOUS_ISSUER_DIDS": "did:key:z6Mkabc"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "rotate_credential_key --add-previous" in result.stderr


def test_add_previous_refuses_what_is_not_an_ed25519_did_key():
    with pytest.raises(Exception, match="not an Ed25519 did:key"):
        call_command("rotate_credential_key", "--add-previous", "did:web:example.com")


# --- Alignments resolve -------------------------------------------------------------------------


def test_every_alignment_target_url_is_a_case_item_that_resolves(client, credential):
    alignments = credential.document["credentialSubject"]["achievement"]["alignment"]

    assert len(alignments) == 2
    for alignment in alignments:
        url = alignment["targetUrl"]
        assert url.startswith(f"{BASE}/ims/case/v1p1/CFItems/")
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200
        item = json.loads(response.content)
        assert item["uri"] == url
        assert item["humanCodingScheme"]
        assert item["fullStatement"] == alignment["targetName"]
