"""Make the next rollup a full rebuild, so that every counted person gets a record key and every
progress row its key sum (rows from before 0003 have a key sum of 0)."""

from django.db import migrations


def forget_watermark(apps, schema_editor):
    apps.get_model("reports", "RollupState").objects.update(watermark=None)


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_cell_keys")]

    operations = [migrations.RunPython(forget_watermark, migrations.RunPython.noop)]
