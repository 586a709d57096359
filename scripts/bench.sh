#!/usr/bin/env bash
# make bench: run reports' national-scale benchmark against a PostgreSQL database of its own.
# The database is BENCH_DATABASE_URL, or DATABASE_URL's server with the database name "<name>_bench".
# It is created when missing (needs a role allowed to CREATEDB) and its raw tables are replaced.
set -euo pipefail
cd "$(dirname "$0")/.."
url="${BENCH_DATABASE_URL:-}"
if [ -z "$url" ]; then
  case "${DATABASE_URL:-}" in
    postgres://*|postgresql://*) url="${DATABASE_URL%/*}/$(basename "${DATABASE_URL%%\?*}")_bench" ;;
    *)
      echo "make bench needs PostgreSQL. Set BENCH_DATABASE_URL (or DATABASE_URL) to a postgres:// URL, e.g.:"
      echo "  make bench BENCH_DATABASE_URL=postgres://dsp:dsp@127.0.0.1:5432/dsp_bench"
      exit 2 ;;
  esac
fi
.venv/bin/python - "$url" <<'PY'
import sys
import psycopg
from urllib.parse import urlsplit
url = urlsplit(sys.argv[1])
name = url.path.lstrip("/")
admin = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
with psycopg.connect(admin, autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')
        print(f"bench: created database {name}")
PY
export DATABASE_URL="$url"
M=".venv/bin/python manage.py"
$M migrate --noinput -v0
$M load_skill_standard >/dev/null
$M load_exams >/dev/null
$M load_consortia >/dev/null
$M setup_reports >/dev/null
$M seed_demo >/dev/null
$M bench_progress "$@"
# Their own sizes (defaults: the national ones), e.g. BENCH_UPLOADS_ARGS="--rows 1000 --runs 1"
# (tests/reports/test_bench.py runs the whole script that way, so make bench cannot silently rot).
$M bench_xapi ${BENCH_XAPI_ARGS:-}
$M bench_uploads ${BENCH_UPLOADS_ARGS:-}
