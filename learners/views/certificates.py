"""Certificates: the public verification page, the JSON, the upload check, the printable page."""

import json
from uuid import UUID

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.exceptions import ApplicationError
from core.types import AuthenticatedHttpRequest

from .. import selectors, services
from ..forms import (
    CredentialUploadForm,
)
from ..models import Credential


def _public_credential_or_404(credential_uuid: UUID) -> Credential:
    credential = selectors.credential_get_public(uuid=credential_uuid)
    if credential is None:
        raise Http404
    return credential


def _certificate_links(credential: Credential) -> dict[str, str]:
    verify_path = reverse("learners:verify-detail", kwargs={"credential_uuid": credential.uuid})
    return {
        "verify_url": services.absolute_url(verify_path),
        "verify_path": verify_path,
        "json_path": reverse("learners:credential-json", kwargs={"credential_uuid": credential.uuid}),
        "print_path": reverse("learners:certificate-print", kwargs={"credential_uuid": credential.uuid}),
    }


def verify_detail(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    """/verify/<uuid>/ (public): valid, revoked or tampered, and what the certificate states."""
    credential = _public_credential_or_404(credential_uuid)
    check = selectors.credential_check(document=credential.document, credential=credential)
    return render(
        request,
        "learners/verify_detail.html",
        {"check": check, "credential": credential, **_certificate_links(credential)},
    )


def credential_json(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    """/verify/<uuid>/credential.json (public): the signed credential as issued (JSON-LD)."""
    credential = _public_credential_or_404(credential_uuid)
    response = HttpResponse(
        json.dumps(credential.document, ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="credential-{credential.uuid}.json"'
    response["Access-Control-Allow-Origin"] = "*"  # verifiers fetch it from other sites
    return response


def _public_json(data: dict, *, content_type: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type=content_type, status=status
    )
    response["Access-Control-Allow-Origin"] = "*"  # verifiers fetch it from other sites
    return response


@require_safe
def status_list_json(request: HttpRequest, list_id: str) -> HttpResponse:
    """/credentials/status/<uuid> (public): the signed BitstringStatusListCredential. Verifiers
    may keep it for a minute; a revocation re-signs it at once. 404 (JSON) for any other id."""
    status_list = selectors.status_list_get_public(list_id=list_id)
    if status_list is None:
        return _public_json(
            {"detail": _("No status list has the id %(id)s.") % {"id": list_id[:80]}},
            content_type="application/json",
            status=404,
        )
    response = _public_json(status_list.document, content_type="application/ld+json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_safe
def did_json(request: HttpRequest) -> HttpResponse:
    """/.well-known/did.json (public): the did:web DID document of the issuer, with every key it
    has signed with, so that credentials signed before a key rotation keep verifying."""
    response = _public_json(selectors.did_document(), content_type="application/did+ld+json")
    response["Cache-Control"] = "public, max-age=300"
    return response


@login_required
@require_safe
def learner_record_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/me/learning/record.json: the learner's own CLR 2.0 record, signed now; 404 when there is
    nothing in it yet (the page says so instead of offering the link)."""
    try:
        record = services.learner_record_build(learner=request.user)
    except ApplicationError as error:
        raise Http404(error.message) from None
    response = HttpResponse(
        json.dumps(record, ensure_ascii=False, indent=2), content_type="application/ld+json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="learner-record.json"'
    response["Cache-Control"] = "private, no-store"
    return response


def verify_upload(request: HttpRequest) -> HttpResponse:
    """/verify/ (public): upload or paste a credential and get its verdict. 400 for bad input."""
    check = record = None
    status = 200
    if request.method == "POST":
        form = CredentialUploadForm(request.POST, request.FILES)
        if form.is_valid():
            document = form.cleaned_data["document"]
            if selectors.is_learner_record(document):
                record = selectors.record_check(document=document)
            else:
                check = selectors.credential_check(document=document)
        else:
            status = 400
    else:
        form = CredentialUploadForm()
    context: dict = {"form": form, "check": check, "record": record}
    if check is not None and check.credential is not None:
        context.update(_certificate_links(check.credential))
    return render(request, "learners/verify_upload.html", context, status=status)


@login_required
def certificate_print(request: AuthenticatedHttpRequest, credential_uuid: UUID) -> HttpResponse:
    """/me/certificates/<uuid>/print/: the owner's printable certificate with the verify URL and a QR code."""
    credential = selectors.credential_get(actor=request.user, uuid=credential_uuid)
    if credential is None:
        raise Http404
    links = _certificate_links(credential)
    # segno escapes nothing user-controlled: the URL is built from our setting and a UUID.
    qr_svg = segno.make(links["verify_url"], error="m").svg_inline(scale=3, border=2, omitsize=True)
    return render(
        request,
        "learners/certificate_print.html",
        {
            "credential": credential,
            "check": selectors.credential_check(document=credential.document, credential=credential),
            "qr_svg": mark_safe(qr_svg),  # noqa: S308 (SVG generated by segno from our own URL)
            **links,
        },
    )
