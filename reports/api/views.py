"""Read-only API of the progress figures, for ministry viewers and the tokens issued to them."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.exceptions import ApplicationError
from core.prefectures import Prefecture
from reports.disclosure import protection_note, threshold
from reports.measure_figures import measures_table
from reports.selectors import (
    FILTER_PARAMS,
    GROUPS,
    actor_may_read_reports,
    actor_sees_exact_figures,
    cached,
    progress_breakdown,
    progress_filter_parse,
)

from .serializers import MeasuresOutputSerializer, ProgressOutputSerializer

# The parameters of reports.selectors.FILTER_PARAMS, as progress_filter_parse accepts them.
FILTER_PARAMETERS = [
    OpenApiParameter(
        "from", OpenApiTypes.DATE, description="First day of the period (YYYY-MM-DD, years 2000 to 2100)."
    ),
    OpenApiParameter(
        "to", OpenApiTypes.DATE, description="Last day of the period (YYYY-MM-DD, years 2000 to 2100)."
    ),
    OpenApiParameter(
        "prefecture", OpenApiTypes.STR, enum=Prefecture.values, description="JIS prefecture code, e.g. 43."
    ),
    OpenApiParameter("hr_type", OpenApiTypes.STR, description="Human-resource type slug (current DSS-P)."),
    OpenApiParameter("consortium", OpenApiTypes.STR, description="Consortium slug."),
]


class MayReadReports(BasePermission):
    """Ministry viewers and superusers (403 for everyone else, anonymous included)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return actor_may_read_reports(actor=request.user)


class ProgressView(APIView):
    permission_classes = (MayReadReports,)

    @extend_schema(
        operation_id="reports_progress",
        summary="People counted toward the target, grouped by one dimension",
        description=(
            "People first counted in the period. For ministry viewers every figure (each row and the "
            "total) is protected by the cell key method: the count plus a fixed adjustment of at most "
            '±15 that depends only on the people in the cell, shown as "x" when below the threshold; '
            "periods are whole months. Rows need not add up to the total. Those who may see exact "
            "figures get exact counts. Any bad parameter is a 400 naming it. "
            "Design: docs/adr/0001-disclosure-control.md."
        ),
        parameters=[
            OpenApiParameter("group_by", OpenApiTypes.STR, enum=list(GROUPS), required=True),
            *FILTER_PARAMETERS,
        ],
        responses={200: ProgressOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        group_by = (request.query_params.get("group_by") or "").strip()
        if group_by not in GROUPS:
            raise ApplicationError(
                f"group_by: '{group_by}' is not one of {', '.join(GROUPS)}.",
                extra={"fields": {"group_by": [f"Choose one of {', '.join(GROUPS)}."]}},
            )
        params = {name: (request.query_params.get(name) or "").strip() for name in FILTER_PARAMS}
        exact = actor_sees_exact_figures(actor=request.user)
        f = progress_filter_parse(params, whole_months=not exact)
        applied = params | {
            "from": f.date_from.isoformat() if f.date_from else "",
            "to": f.date_to.isoformat() if f.date_to else "",
        }

        def answer() -> dict:
            breakdown = progress_breakdown(exact=exact, f=f, group_by=group_by)
            data = {
                "group_by": group_by,
                "filters": applied,
                "total": breakdown.total,
                "results": [{k: row[k] for k in ("key", "label", "people")} for row in breakdown.rows],
                "suppressed": breakdown.suppressed,
                "threshold": threshold(),
                "note": _("Exact figures: nothing is protected.") if exact else protection_note(),
            }
            return ProgressOutputSerializer(data).data

        # The serialised answer is cached as a whole (serialising 47 rows cost more than the rest of
        # a cached request); the applied filters are in the key, as they are in the answer.
        return Response(
            cached(
                "progress-api", (exact, f, group_by, tuple(sorted(applied.items())), get_language()), answer
            )
        )


class MeasuresView(APIView):
    permission_classes = (MayReadReports,)

    @extend_schema(
        operation_id="reports_measures",
        summary="People reached per policy measure, their overlap and the reconciliation",
        description=(
            "People reached by each measure (portal courses, courses reported by providers, IT exams, "
            "consortium programmes) up to the end of the period, anonymous consortium head-counts, the "
            "overlap between measures, and the rows from the sum of measures to the unique-person "
            "total. Every figure is its own protected cell for ministry viewers, like /progress/; the "
            "total is the same cell as the progress headline. Any bad parameter is a 400 naming it."
        ),
        parameters=FILTER_PARAMETERS,
        responses={200: MeasuresOutputSerializer},
    )
    def get(self, request: Request) -> Response:
        params = {name: (request.query_params.get(name) or "").strip() for name in FILTER_PARAMS}
        exact = actor_sees_exact_figures(actor=request.user)
        f = progress_filter_parse(params, whole_months=not exact)
        applied = params | {
            "from": f.date_from.isoformat() if f.date_from else "",
            "to": f.date_to.isoformat() if f.date_to else "",
        }

        def answer() -> dict:
            table = measures_table(exact=exact, f=f)
            data = {
                "filters": applied,
                "as_of": table.as_of,
                "measures": table.measures,
                "head_count": table.head_count,
                "head_counts_by_audience": table.head_counts_by_audience,
                "total": table.total,
                "overlap": table.overlap,
                "by_number": table.by_number,
                "reconciliation": table.reconciliation,
                "threshold": threshold(),
                "note": _("Exact figures: nothing is protected.") if exact else protection_note(),
            }
            return MeasuresOutputSerializer(data).data

        return Response(
            cached("measures-api", (exact, f, tuple(sorted(applied.items())), get_language()), answer)
        )
