"""The upload page for provider staff (signed in): upload a file of completions, IPA exam passes or
voids, see the provider's batches, open one, download its errors. Staff see only the providers they
serve."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.types import AuthenticatedHttpRequest
from courses.models import Provider

from .api.uploads import errors_csv
from .models import UploadBatch
from .selectors import scope_by_provider
from .uploads import UPLOADERS, UploadRefused


def _providers(request: AuthenticatedHttpRequest) -> QuerySet[Provider]:
    providers = scope_by_provider(Provider.objects.order_by("slug"), actor=request.user, path="pk")
    if not providers.exists():
        raise PermissionDenied
    return providers


class UploadForm(forms.Form):
    provider = forms.ModelChoiceField(label=gettext_lazy("Provider"), queryset=Provider.objects.none())
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of rows"),
        choices=UploadBatch.Kind.choices,
        initial=UploadBatch.Kind.COMPLETIONS,
        required=False,
    )
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        help_text=gettext_lazy(
            "Completions: record_id, email, learner_id, course, completed_on, score, result. "
            "IPA exam passes: record_id, email, learner_id, exam, passed_on, certificate_number. "
            "Voids: record_id, reason."
        ),
    )

    def __init__(self, *args: Any, providers: QuerySet[Provider], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (narrowing)
        field.queryset = providers
        if providers.count() == 1:
            field.initial = providers.first()


@login_required
def upload_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/providers/uploads/: the form, and the last 50 batches of the actor's providers."""
    providers = _providers(request)
    form = UploadForm(request.POST or None, request.FILES or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = UPLOADERS[form.cleaned_data["kind"] or UploadBatch.Kind.COMPLETIONS](
                provider=form.cleaned_data["provider"], file=upload, file_name=upload.name or "",
                size=upload.size or 0, uploaded_by=request.user,
            )  # fmt: skip
        except UploadRefused as error:
            form.add_error("file", error.message)
        else:
            if batch.outcome == UploadBatch.Outcome.REFUSED:
                messages.error(
                    request, _("The file has errors; nothing was stored. Download the error report.")
                )
            elif batch.outcome == UploadBatch.Outcome.NOTHING_NEW:
                messages.info(request, _("Nothing new: every record in the file was stored before."))
            else:
                messages.success(request, _("The file was stored."))
            return redirect("exchange:upload-detail", batch_uuid=batch.uuid)
    batches = UploadBatch.objects.filter(provider__in=providers).select_related("provider")[:50]
    status = 400 if request.method == "POST" else 200
    return render(request, "exchange/uploads.html", {"form": form, "batches": batches}, status=status)


def _batch(request: AuthenticatedHttpRequest, batch_uuid: Any) -> UploadBatch:
    batch = (
        UploadBatch.objects.filter(provider__in=_providers(request), uuid=batch_uuid)
        .select_related("provider")
        .first()
    )
    if batch is None:
        raise Http404
    return batch


@login_required
def upload_detail(request: AuthenticatedHttpRequest, batch_uuid: Any) -> HttpResponse:
    """/providers/uploads/<uuid>/: the batch summary and its first 100 errors."""
    batch = _batch(request, batch_uuid)
    return render(
        request, "exchange/upload_detail.html", {"batch": batch, "errors": batch.errors.all()[:100]}
    )


@login_required
def upload_errors(request: AuthenticatedHttpRequest, batch_uuid: Any) -> HttpResponse:
    """/providers/uploads/<uuid>/errors.csv: every kept error as CSV."""
    return errors_csv(_batch(request, batch_uuid))
