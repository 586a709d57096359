"""A report run in words, in the active language: its filters and its status.

One place for admin, the portal's report pages, the status JSON they poll and the report file, so
that none of them shows the raw parameters (`prefecture=01`) or the job's internal step. Pure
formatting, no queries: the names of the type and the consortium a run's filters name by slug are
read with the runs (reports.selectors.report_runs_with_filter_names); without them the slugs show.
"""

from django.utils.translation import get_language, gettext

from core.prefectures import Prefecture

from .models import ReportRun

ACTIVE = (ReportRun.Status.QUEUED, ReportRun.Status.RUNNING)


def run_filter_labels(run: ReportRun) -> list[tuple[str, str]]:
    """(label, value) of each filter of the run, in words of the active language: the period, the
    prefecture's name, the type's and the consortium's names (their slugs if no longer found).
    Empty when the run has no filter (the whole country, all time)."""
    english = (get_language() or "ja").startswith("en")
    params = run.parameters or {}

    def name(field: str) -> str:
        ja, en = getattr(run, f"{field}_name_ja", None), getattr(run, f"{field}_name_en", None)
        return (en if english and en else ja) or str(params[field])

    labels = []
    start, end = params.get("from"), params.get("to")
    if start and end:
        labels.append((gettext("Period"), gettext("%(start)s to %(end)s") % {"start": start, "end": end}))
    elif start:
        labels.append((gettext("Period"), gettext("from %(start)s") % {"start": start}))
    elif end:
        labels.append((gettext("Period"), gettext("until %(end)s") % {"end": end}))
    if code := params.get("prefecture"):
        labels.append(
            (gettext("Prefecture"), str(Prefecture(code).label) if code in Prefecture.values else str(code))
        )
    if params.get("hr_type"):
        labels.append((gettext("Human-resource type"), name("hr_type")))
    if params.get("consortium"):
        labels.append((gettext("Consortium"), name("consortium")))
    return labels


def run_filter_items(run: ReportRun) -> list[str]:
    """Each filter as one "label: value" text; one item "None (all)" when the run has none."""
    labels = run_filter_labels(run)
    if not labels:
        return [gettext("None (all)")]
    return [gettext("%(label)s: %(value)s") % {"label": label, "value": value} for label, value in labels]


def run_status_label(run: ReportRun, *, with_progress: bool = False) -> str:
    """The status's label. With `with_progress` (admin, which has no progress bar) a run still to
    finish also says how far it has got; the portal's pages show that in their progress bar."""
    label = str(run.get_status_display())
    if with_progress and run.status in ACTIVE:
        return gettext("%(status)s (%(percent)s%%)") % {"status": label, "percent": run.progress}
    return label
