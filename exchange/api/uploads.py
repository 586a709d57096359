"""Uploads through the API, with a provider credential: POST a file, list the provider's batches,
read one, download its errors as CSV. A provider sees only its own batches."""

import csv
import io
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.files import neutralise

from ..models import ProviderCredential, UploadBatch
from ..uploads import UPLOADERS, UploadRefused
from . import schema  # noqa: F401  (registers the OpenAPI security scheme)
from .authentication import ProviderBasicAuthentication, ProviderCredentialThrottle
from .views import JSONOnlyNegotiation


class UploadBatchOutputSerializer(serializers.ModelSerializer):
    errors_url = serializers.SerializerMethodField()

    class Meta:
        model = UploadBatch
        fields = ("uuid", "kind", "file_name", "file_format", "encoding", "size_bytes", "checksum", "uploaded_at",
                  "rows_total", "rows_stored", "rows_existing", "rows_waiting", "rows_invalid", "outcome",
                  "seconds", "errors_url")  # fmt: skip

    def get_errors_url(self, batch: UploadBatch) -> str:
        return f"/api/v1/provider/uploads/{batch.uuid}/errors.csv" if batch.rows_invalid else ""


def _credential(request: Request) -> ProviderCredential:
    if not isinstance(request.auth, ProviderCredential):
        raise exceptions.NotAuthenticated
    return request.auth


class ProviderAPIView(APIView):
    authentication_classes = [ProviderBasicAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [ProviderCredentialThrottle]


class UploadListView(ProviderAPIView):
    parser_classes = [MultiPartParser]

    @extend_schema(operation_id="provider_uploads_list", responses={200: UploadBatchOutputSerializer(many=True)},
                   tags=["provider uploads"])  # fmt: skip
    def get(self, request: Request) -> Response:
        batches = UploadBatch.objects.filter(provider_id=_credential(request).provider_id)[:100]
        return Response(UploadBatchOutputSerializer(batches, many=True).data)

    @extend_schema(
        operation_id="provider_uploads_create",
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "kind": {"type": "string", "enum": UploadBatch.Kind.values, "default": "completions"},
                },
                "required": ["file"],
            }
        },
        responses={
            201: UploadBatchOutputSerializer,
            400: OpenApiResponse(
                UploadBatchOutputSerializer,
                description="The file has errors and nothing was stored (outcome refused; errors_url lists "
                "them), or it cannot be read at all (the message says why).",
            ),
            413: OpenApiResponse(description="The file is over EXCHANGE_UPLOAD_MAX_BYTES."),
            415: OpenApiResponse(description="Not multipart/form-data."),
        },
        tags=["provider uploads"],
    )
    def post(self, request: Request) -> Response:
        credential = _credential(request)
        kind = request.data.get("kind", UploadBatch.Kind.COMPLETIONS)
        if kind not in UploadBatch.Kind.values:
            raise exceptions.ValidationError({"kind": [_("kind: completions, exam_passes or voids.")]})
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": [_("Attach the file as the form field file.")]})
        try:
            batch = UPLOADERS[kind](
                provider=credential.provider, file=upload, file_name=upload.name or "", size=upload.size or 0,
                credential=credential,
            )  # fmt: skip
        except UploadRefused as error:
            status = 413 if "limited to" in error.message else 400
            return Response(
                {"message": error.message, "extra": {"fields": {error.column or "file": [error.message]}}},
                status=status,
            )
        return Response(
            UploadBatchOutputSerializer(batch).data, status=201 if batch.outcome != "refused" else 400
        )


def _batch(request: Request, batch_uuid: Any) -> UploadBatch:
    """One of the credential's provider's batches (404 for any other)."""
    batch = UploadBatch.objects.filter(provider_id=_credential(request).provider_id, uuid=batch_uuid).first()
    if batch is None:
        raise exceptions.NotFound
    return batch


class UploadDetailView(ProviderAPIView):
    @extend_schema(operation_id="provider_uploads_retrieve", responses={200: UploadBatchOutputSerializer},
                   tags=["provider uploads"])  # fmt: skip
    def get(self, request: Request, batch_uuid: Any) -> Response:
        batch = UploadBatch.objects.filter(
            provider_id=_credential(request).provider_id, uuid=batch_uuid
        ).first()
        if batch is None:
            raise exceptions.NotFound
        return Response(UploadBatchOutputSerializer(_batch(request, batch_uuid)).data)


class UploadErrorsView(ProviderAPIView):
    # The answer is CSV, or a JSON error, whatever the Accept header says: DRF's negotiation knows
    # only the JSON renderer here and answered `Accept: text/csv` with a 406.
    content_negotiation_class = JSONOnlyNegotiation

    @extend_schema(operation_id="provider_uploads_errors", responses={(200, "text/csv"): OpenApiTypes.STR},
                   tags=["provider uploads"])  # fmt: skip
    def get(self, request: Request, batch_uuid: Any) -> HttpResponse:
        return errors_csv(_batch(request, batch_uuid))


def errors_csv(batch: UploadBatch) -> HttpResponse:
    """The batch's errors as CSV (row, column, reason), cells neutralised like every file we write."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "column", "reason"])
    for error in batch.errors.all():
        writer.writerow([error.row, neutralise(error.column), neutralise(error.reason)])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="errors-{batch.uuid}.csv"'
    return response
