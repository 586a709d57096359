"""Registrations imported before the import kept dates as dates were stored at 09:00 local time on
the day the file gave, and admin showed an invented 「9:00」. Move those to the day's local midnight,
which admin shows as the date alone.

Only an exact 09:00:00.000000 is moved: a registration on the portal is stamped with microseconds,
so an exact hour to the microsecond came from a file. Idempotent; the reverse changes nothing."""

import datetime

from django.db import migrations
from django.utils import timezone


def imported_dates_at_midnight(apps, schema_editor):
    Participation = apps.get_model("consortia", "Participation")
    nine = datetime.time(9)
    moved = []
    for pk, registered_at in Participation.objects.values_list("pk", "registered_at").iterator(
        chunk_size=2000
    ):
        local = timezone.localtime(registered_at)
        if local.time() == nine:
            midnight = timezone.make_aware(datetime.datetime.combine(local.date(), datetime.time(0)))
            moved.append(Participation(pk=pk, registered_at=midnight))
    Participation.objects.bulk_update(moved, ["registered_at"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("consortia", "0005_head_count_at_most_max")]

    operations = [migrations.RunPython(imported_dates_at_midnight, migrations.RunPython.noop, elidable=True)]
