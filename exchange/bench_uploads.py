"""`make bench`, part four: bulk upload of a completions CSV on PostgreSQL, three ways side by side.

(a) the platform's own path, `exchange.uploads.upload_completions` (streamed, validated in Python,
    COPY into a staging table, set-based INSERT ... SELECT ... ON CONFLICT DO NOTHING);
(b) the same file through django-import-export (`use_bulk`, batches of 5,000), loaded with
    `tablib.Dataset().load(...)` as its users do, so holding the whole file is part of its cost;
(c) a bare PostgreSQL COPY of the same file into a plain UNLOGGED table: the floor.

A benchmark provider with one course and a pool of verified learners (created once, in bulk) so
that half the rows match a learner and half wait for one. The CSV is generated once per run into a
temporary file (streamed). Each measured run happens in a fresh child process (core.bench.child),
so that its peak memory (max RSS) is its own; before each run the provider's stored rows are
deleted, so every run stores the whole file again.
"""

import datetime
import itertools
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

from allauth.account.models import EmailAddress
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from import_export import fields, resources, results, widgets

from core.bench import child, peak_rss_mb
from core.models import User
from courses.models import Course, Provider
from learners.models import ExternalCompletion

from . import uploads
from .uploads import completions as completion_steps  # the steps the timings wrap

PROVIDER_SLUG = "bench-upload-provider"
COURSE_SLUG = "bench-upload-course"
LEARNER_PREFIX = "bench-upload-learner-"
POOL = 200_000  # verified learners the matching half of the rows is spread over
CREATE_BATCH = 10_000
HEADER = "record_id,email,learner_id,course,completed_on,score,result\n"
COMMAND = "bench_uploads"


# --- Setting up (parent process) ----------------------------------------------------------------


def _setup() -> tuple[Provider, Course]:
    """The benchmark provider and its one course, created when missing."""
    provider, _created = Provider.objects.get_or_create(
        slug=PROVIDER_SLUG,
        defaults={"name_ja": "ベンチマーク提供者(アップロード)", "kind": Provider.Kind.TRAINING_COMPANY},
    )
    course, _created = Course.objects.get_or_create(
        slug=COURSE_SLUG,
        defaults={"title_ja": "ベンチマーク講座(アップロード)", "provider": provider,
                  "format": Course.Format.ONLINE, "hours": 10, "price_yen": 0,
                  "level": Course.Level.BEGINNER, "is_published": True},
    )  # fmt: skip
    return provider, course


def _learner_pool(size: int, log: Callable[[str], None]) -> None:
    """Learners `bench-upload-learner-0` .. `size - 1`, each with a verified primary address
    `<username>@example.jp`: active, not staff. Only the missing ones are created (bulk, in batches)."""
    existing = set(
        User.objects.filter(username__startswith=LEARNER_PREFIX).values_list("username", flat=True)
    )
    missing = [n for n in range(size) if f"{LEARNER_PREFIX}{n}" not in existing]
    if missing:
        log(f"creating {len(missing):,} benchmark learners")
    for start in range(0, len(missing), CREATE_BATCH):
        User.objects.bulk_create(
            # "!" is Django's unusable-password marker: these learners never sign in
            User(username=f"{LEARNER_PREFIX}{n}", email=f"{LEARNER_PREFIX}{n}@example.jp", password="!")  # noqa: S106
            for n in missing[start : start + CREATE_BATCH]
        )
    lacking = User.objects.filter(username__startswith=LEARNER_PREFIX, emailaddress__isnull=True).values_list(
        "pk", "email"
    )
    addresses = [EmailAddress(user_id=pk, email=email, verified=True, primary=True) for pk, email in lacking]
    if addresses:
        log(f"verifying {len(addresses):,} benchmark addresses")
    for start in range(0, len(addresses), CREATE_BATCH):
        EmailAddress.objects.bulk_create(addresses[start : start + CREATE_BATCH])
    if missing or addresses:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE core_user")
            cursor.execute("ANALYZE account_emailaddress")


def _write_csv(path: Path, *, rows: int, pool: int) -> int:
    """Write the benchmark file (streamed, line by line) and return its size in bytes.

    Record ids `r-<n>` are unique; even rows carry a pool learner's address (each learner gets
    several completions), odd rows an address nobody registered; dates spread from 2000-01-01 to
    yesterday; scores 0..100 with one in seven empty; results completed, passed or empty."""
    first = uploads.EARLIEST
    span = (timezone.localdate() - first).days
    days = [(first + datetime.timedelta(days=k)).isoformat() for k in range(span)]
    results = ("completed", "passed", "")
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        for n in range(rows):
            email = (
                f"{LEARNER_PREFIX}{(n // 2) % pool}@example.jp"
                if n % 2 == 0
                else f"bench-upload-unknown-{n}@example.jp"
            )
            score = "" if n % 7 == 0 else str(n % 101)
            handle.write(f"r-{n},{email},,{COURSE_SLUG},{days[(n * 7919) % span]},{score},{results[n % 3]}\n")
    return path.stat().st_size


def _head(source: Path, target: Path, rows: int) -> Path:
    """The header and the first `rows` rows of `source`, as `target` (streamed)."""
    with (
        source.open(encoding="utf-8", newline="") as reader,
        target.open("w", encoding="utf-8", newline="") as writer,
    ):
        writer.writelines(itertools.islice(reader, rows + 1))
    return target


def _clean(provider_id: int) -> None:
    """Delete everything the benchmark provider's uploads stored (raw SQL: a million ORM deletes
    would take longer than the benchmark), then VACUUM ANALYZE, so each run starts alike."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM exchange_uploadwaitingrow WHERE provider_id = %s", [provider_id])
        cursor.execute(
            "DELETE FROM exchange_uploaderror WHERE batch_id IN "
            "(SELECT id FROM exchange_uploadbatch WHERE provider_id = %s)",
            [provider_id],
        )
        cursor.execute("DELETE FROM exchange_uploadbatch WHERE provider_id = %s", [provider_id])
        cursor.execute("DELETE FROM learners_externalcompletion WHERE provider_id = %s", [provider_id])
        # Outside a transaction (autocommit): VACUUM cannot run inside one.
        cursor.execute(
            "VACUUM (ANALYZE) learners_externalcompletion, exchange_uploadwaitingrow, exchange_uploadbatch"
        )


# --- Measured steps (child processes) -----------------------------------------------------------


def _statement_label(sql: str) -> str:
    """A short name for one SQL statement of the store step."""
    for needle, label in (
        ("INTO learners_externalcompletion", "insert completions"),
        ("INTO exchange_uploadwaitingrow", "insert waiting rows"),
        ("upload_matched ON COMMIT DROP AS", "match e-mails (temp table)"),
        ("HAVING count(*) > 1", "duplicate check"),
        ("FROM learners_externalcompletion x WHERE", "already-stored check"),
    ):
        if needle in sql:
            return label
    return "other SQL"


def _step_ours(options: dict) -> dict:
    """One upload through `upload_completions`: seconds, and where they went (the check step, the
    store step by SQL statement, the commits, the rest). Fails unless every row was stored."""
    provider = Provider.objects.get(slug=PROVIDER_SLUG)
    path = Path(options["path"])
    timings = {"check": 0.0, "store": 0.0, "commit": 0.0}
    statements: dict[str, float] = {}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timings[name] += time.perf_counter() - started

        return wrapper

    def execute_timer(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            label = _statement_label(sql)
            statements[label] = statements.get(label, 0.0) + time.perf_counter() - started

    baseline = peak_rss_mb()
    with ExitStack() as stack:
        stack.enter_context(
            mock.patch.object(
                completion_steps, "check_completions", timed("check", uploads.check_completions)
            )
        )
        stack.enter_context(
            mock.patch.object(
                completion_steps, "_store_postgresql", timed("store", completion_steps._store_postgresql)
            )
        )
        stack.enter_context(connection.execute_wrapper(execute_timer))
        # Commits: the foreign keys are DEFERRABLE INITIALLY DEFERRED (Django), checked there.
        wrapper = connections[DEFAULT_DB_ALIAS]
        stack.enter_context(mock.patch.object(wrapper, "_commit", timed("commit", wrapper._commit)))  # type: ignore[attr-defined]
        source = stack.enter_context(path.open("rb"))
        started = time.perf_counter()
        batch = uploads.upload_completions(
            provider=provider, file=source, file_name=path.name, size=path.stat().st_size
        )
        seconds = time.perf_counter() - started
    if batch.outcome != batch.Outcome.STORED or batch.rows_stored + batch.rows_waiting != options["rows"]:
        raise SystemExit(
            f"upload stored {batch.rows_stored:,} + {batch.rows_waiting:,} waiting of {options['rows']:,} rows "
            f"(outcome {batch.outcome}, {batch.rows_invalid} invalid): clean the provider first"
        )
    in_store = sum(statements.values()) - statements.get("other SQL", 0.0)
    return {
        "seconds": round(seconds, 3),
        "rows_per_s": round(options["rows"] / seconds),
        "stored": batch.rows_stored,
        "waiting": batch.rows_waiting,
        "baseline_rss_mb": baseline,
        "split_s": {
            "check (read, validate, write good rows)": round(timings["check"], 3),
            "COPY into staging": round(timings["store"] - in_store, 3),
            **{label: round(value, 3) for label, value in sorted(statements.items()) if label != "other SQL"},
            "commits (deferred foreign-key checks)": round(timings["commit"], 3),
            "batch rows, rest": round(seconds - timings["check"] - timings["store"] - timings["commit"], 3),
        },
    }


NOON_JST = uploads.NOON_JST


class KeyOnlyRowResult(results.RowResult):
    """import-export's row result without the instance's str(): ExternalCompletion.__str__ reads the
    learner and the course, two queries per row (and an exception logged for each skipped row),
    which would make the comparison one against an N+1 rather than against the library."""

    def add_instance_info(self, instance: Any) -> None:
        if instance is not None:
            self.object_id = getattr(instance, "pk", None)


class CompletionResource(resources.ModelResource):
    """ExternalCompletion rows from the upload CSV, the django-import-export way: e-mail to learner id
    from a dict prepared once, course slug to course id; rows for nobody known are skipped (the
    platform keeps them waiting instead). New rows only: no per-row lookup of an existing record."""

    record_id = fields.Field(attribute="record_id", column_name="record_id")
    learner = fields.Field(attribute="learner_id", column_name="learner_pk", widget=widgets.IntegerWidget())
    course = fields.Field(attribute="course_id", column_name="course_pk", widget=widgets.IntegerWidget())
    provider = fields.Field(
        attribute="provider_id", column_name="provider_pk", widget=widgets.IntegerWidget()
    )
    channel = fields.Field(attribute="channel", column_name="channel")
    completed_at = fields.Field(
        attribute="completed_at", column_name="completed_at", widget=widgets.DateTimeWidget()
    )
    score_scaled = fields.Field(
        attribute="score_scaled", column_name="score_scaled", widget=widgets.DecimalWidget()
    )

    class Meta:
        model = ExternalCompletion
        fields = ("record_id", "learner", "course", "provider", "channel", "completed_at", "score_scaled")
        import_id_fields = ("record_id",)
        force_init_instance = True  # new rows only (each run starts from an empty provider)
        use_bulk = True
        batch_size = 5000
        skip_diff = True

    def __init__(self, *, provider_id: int) -> None:
        super().__init__()
        self.provider_id = provider_id
        self.learners: dict[str, int] = {}
        self.courses: dict[str, int] = {}

    @classmethod
    def get_row_result_class(cls) -> type[results.RowResult]:
        return KeyOnlyRowResult

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        """The lookups, once per import: verified addresses of active non-staff learners, and the
        provider's courses by slug."""
        self.learners = dict(
            EmailAddress.objects.filter(
                verified=True, user__is_active=True, user__is_staff=False, user__is_superuser=False
            ).values_list("email", "user_id")
        )
        self.courses = dict(Course.objects.filter(provider_id=self.provider_id).values_list("slug", "pk"))

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        """Resolve the row's learner, course, time and scaled score into the columns of the fields."""
        row["learner_pk"] = self.learners.get(row["email"].strip().lower())
        row["course_pk"] = self.courses.get(row["course"])
        row["provider_pk"] = self.provider_id
        row["channel"] = ExternalCompletion.Channel.UPLOAD.value
        day = datetime.date.fromisoformat(row["completed_on"])
        row["completed_at"] = datetime.datetime.combine(day, NOON_JST)
        score = row["score"]
        row["score_scaled"] = round(Decimal(score) / 100, 4) if score else None

    def skip_row(self, instance: Any, original: Any, row: Any, import_validation_errors: Any = None) -> bool:
        """Rows for nobody known (or another provider's course) are left out."""
        if row["learner_pk"] is None or row["course_pk"] is None:
            return True
        return super().skip_row(instance, original, row, import_validation_errors)


def _step_import_export(options: dict) -> dict:
    """One import of the file through CompletionResource: seconds (loading the Dataset included),
    split into load and import. Fails on any import error."""
    import tablib

    provider = Provider.objects.get(slug=PROVIDER_SLUG)
    baseline = peak_rss_mb()
    started = time.perf_counter()
    with open(options["path"], encoding="utf-8") as handle:
        dataset = tablib.Dataset().load(handle.read(), format="csv")
    loaded = time.perf_counter()
    result = CompletionResource(provider_id=provider.pk).import_data(dataset, raise_errors=True)
    seconds = time.perf_counter() - started
    if result.has_errors() or result.has_validation_errors():
        raise SystemExit("django-import-export reported errors")
    rows = options["rows"]
    return {
        "seconds": round(seconds, 3),
        "rows_per_s": round(rows / seconds),
        "rows": rows,
        "stored": ExternalCompletion.objects.filter(provider=provider).count(),
        "skipped": result.totals.get("skip", 0),
        "baseline_rss_mb": baseline,
        "split_s": {
            "tablib Dataset load": round(loaded - started, 3),
            "import_data": round(seconds - (loaded - started), 3),
        },
    }


def _step_copy(options: dict) -> dict:
    """One bare COPY of the file into an UNLOGGED table of text columns (TRUNCATEd first)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE UNLOGGED TABLE IF NOT EXISTS bench_copy (record_id text, email text, learner_id text, "
            "course text, completed_on date, score numeric, result text)"
        )
        cursor.execute("TRUNCATE bench_copy")
    baseline = peak_rss_mb()
    started = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        open(options["path"], "rb") as source,
        cursor.copy("COPY bench_copy FROM STDIN (FORMAT csv, HEADER true)") as copy,
    ):
        while chunk := source.read(uploads.CHUNK):
            copy.write(chunk)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_copy")
        copied = cursor.fetchone()[0]
    if copied != options["rows"]:
        raise SystemExit(f"COPY loaded {copied:,} rows of {options['rows']:,}")
    return {"seconds": round(seconds, 3), "rows_per_s": round(copied / seconds), "baseline_rss_mb": baseline}


STEPS: dict[str, Callable[[dict], dict]] = {
    "ours": _step_ours,
    "import-export": _step_import_export,
    "copy": _step_copy,
}


def run_step(step: str, options: dict) -> dict:
    """One measured step in this (child) process; its result with this process's peak RSS."""
    if connection.vendor != "postgresql":
        raise SystemExit("bench_uploads runs on PostgreSQL (set DATABASE_URL).")
    result = {"step": step} | STEPS[step](options)
    result["peak_rss_mb"] = peak_rss_mb()
    return result


# --- The benchmark (parent process) -------------------------------------------------------------


def _summary(runs: list[dict]) -> dict:
    middle = sorted(runs, key=lambda r: r["rows_per_s"])[len(runs) // 2]
    return {
        "median_rows_per_s": round(statistics.median(r["rows_per_s"] for r in runs)),
        "median_seconds": round(statistics.median(r["seconds"] for r in runs), 3),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "rates": [r["rows_per_s"] for r in runs],
        "median_run": middle,
        "runs": runs,
    }


def run(*, rows: int, runs: int, log: Callable[[str], None], import_export_rows: int | None = None) -> dict:
    """Measure the three paths on one generated file of `rows` rows: `runs` runs of ours and of COPY
    (median reported), one of django-import-export on the first `import_export_rows` rows (all by
    default). Every run happens in a fresh child process and stores the whole file. Leaves the
    learner pool in place (reused next time) and nothing else: stored rows, the COPY table and the
    file are removed."""
    if connection.vendor != "postgresql":
        raise SystemExit("bench_uploads runs on PostgreSQL (set DATABASE_URL).")
    provider, _course = _setup()
    pool = min(POOL, max(1, (rows + 1) // 2))
    _learner_pool(pool, log)
    ie_rows = min(rows, import_export_rows or rows)
    folder = Path(tempfile.mkdtemp(prefix="bench-uploads-"))
    try:
        path = folder / "completions.csv"
        log(f"writing {rows:,} rows to {path}")
        size = _write_csv(path, rows=rows, pool=pool)
        ie_path = path if ie_rows == rows else _head(path, folder / "completions-head.csv", ie_rows)
        options = {"path": str(path), "rows": rows}
        ours, copies = [], []
        for index in range(runs):
            _clean(provider.pk)
            log(f"platform upload run {index + 1}/{runs}")
            ours.append(child(COMMAND, "ours", options))
        for index in range(runs):
            log(f"bare COPY run {index + 1}/{runs}")
            copies.append(child(COMMAND, "copy", options))
        _clean(provider.pk)
        log(f"django-import-export run on {ie_rows:,} rows")
        import_export = child(COMMAND, "import-export", {"path": str(ie_path), "rows": ie_rows})
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        _clean(provider.pk)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_copy")
    result: dict = {
        "rows": rows,
        "runs": runs,
        "file_bytes": size,
        "pool_learners": pool,
        "ours": _summary(ours),
        "copy": _summary(copies),
        "import_export": import_export | {"partial": ie_rows < rows},
    }
    speed = result["ours"]["median_rows_per_s"]
    result["ratios"] = {
        "ours_vs_import_export": round(speed / import_export["rows_per_s"], 2),
        "ours_vs_copy": round(speed / result["copy"]["median_rows_per_s"], 3),
    }
    return result


def table(result: dict) -> str:
    """The result as the table `make bench` prints."""
    ours, copy, ie = result["ours"], result["copy"], result["import_export"]
    median = ours["median_run"]
    lines = [
        "",
        f"Bulk upload of a {result['rows']:,}-row completions CSV ({result['file_bytes'] / 2**20:.1f} MiB): "
        f"{median['stored']:,} rows match {result['pool_learners']:,} verified learners, "
        f"{median['waiting']:,} wait for one",
        f"{'path':<52}{'rows/s':>11}{'seconds':>10}{'peak RSS':>11}  runs (rows/s)",
        "-" * 100,
    ]

    def row(name: str, rate: int, seconds: float, rss: float, rates: str) -> None:
        lines.append(f"{name:<52}{rate:>11,}{seconds:>10.2f}{rss:>9.0f}MB  {rates}")

    row(
        f"(a) platform upload_completions, median of {result['runs']}",
        ours["median_rows_per_s"], ours["median_seconds"], ours["peak_rss_mb"], str(ours["rates"]),
    )  # fmt: skip
    ie_name = "(b) django-import-export use_bulk, 1 run"
    if ie["partial"]:
        ie_name += f" on {ie['rows']:,} rows"
    row(ie_name, ie["rows_per_s"], ie["seconds"], ie["peak_rss_mb"], "")
    row(
        f"(c) bare COPY into an UNLOGGED table, median of {result['runs']}",
        copy["median_rows_per_s"], copy["median_seconds"], copy["peak_rss_mb"], str(copy["rates"]),
    )  # fmt: skip
    lines += [
        "",
        f"Ratios: ours / import-export = {result['ratios']['ours_vs_import_export']}x; "
        f"ours / COPY = {result['ratios']['ours_vs_copy']}x",
        "",
        "Where the platform's time goes (its median run, seconds):",
    ]
    lines += [f"  {label:<44}{value:>8.2f}" for label, value in median["split_s"].items()]
    lines += [
        "",
        "django-import-export (seconds): "
        + ", ".join(f"{label} {value:.2f}" for label, value in ie["split_s"].items())
        + f"; {ie['stored']:,} stored, {ie['skipped']:,} skipped.",
        "Notes: import-export holds the whole file in a tablib Dataset (that memory is part of the comparison),",
        "stores only the matched rows (the rest are skipped, not kept waiting) and checks no more than",
        "parsing needs; COPY only parses the file into text, date and numeric columns. Peak RSS is each",
        f"child process's own, Django included (about {median['baseline_rss_mb']:.0f} MB before the work started).",
    ]
    if ie["partial"]:
        lines.append(
            f"import-export was measured on the first {ie['rows']:,} rows only ({result['rows']:,} would take "
            "too long on this machine); its rows/s and the ratio come from that run."
        )
    return "\n".join(lines)
