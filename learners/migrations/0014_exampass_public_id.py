"""Exam passes get a random public id: the id of their credential in a learner record (issue #13),
so that the verify page can tell whether the pass is still on record."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    ExamPass = apps.get_model("learners", "ExamPass")
    batch = []
    for pk in ExamPass.objects.filter(public_id__isnull=True).values_list("pk", flat=True).iterator():
        batch.append(ExamPass(pk=pk, public_id=uuid.uuid4()))
        if len(batch) == 5000:
            ExamPass.objects.bulk_update(batch, ["public_id"])
            batch = []
    ExamPass.objects.bulk_update(batch, ["public_id"])


class Migration(migrations.Migration):
    dependencies = [("learners", "0013_credential_status_lists_issuer_keys_profile_names")]

    operations = [
        migrations.AddField(
            model_name="exampass",
            name="public_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="public identifier"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="exampass",
            name="public_id",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="public identifier"
            ),
        ),
    ]
