"""Make the two large derived tables UNLOGGED on PostgreSQL.

They are rebuilt from the raw records by `rollup_progress --full`; skipping the write-ahead log
halves the full rebuild at national scale. After a crash PostgreSQL empties unlogged tables, and
the next rollup detects that (reports.rollup._lost_after_crash) and rebuilds. The daily and monthly
tables the dashboards read stay logged (and replicated).
"""

from django.db import migrations

TABLES = ("reports_qualification", "reports_countedperson")


def set_unlogged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} SET UNLOGGED")


def set_logged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(set_unlogged, set_logged)]
