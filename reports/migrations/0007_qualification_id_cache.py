"""PostgreSQL: the qualification table's id sequence hands out ids a thousand at a time.

The full rebuild inserts millions of qualifications at once; with one id at a time, taking the
next id cost about 0.7 s of a 24 s rebuild on the benchmark (make bench). Gaps in the ids after a
restart do not matter: the id only names a row in admin.
"""

from django.db import migrations


def cache_ids(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER SEQUENCE IF EXISTS reports_qualification_id_seq CACHE 1000"
        )


def uncache_ids(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER SEQUENCE IF EXISTS reports_qualification_id_seq CACHE 1")


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_qualification_person_index")]

    operations = [migrations.RunPython(cache_ids, uncache_ids)]
