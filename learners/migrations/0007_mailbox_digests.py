"""Hashed mailboxes (xAPI mbox_sha1sum) of the addresses verified before statements arrived, so that
providers who name learners by hash find them. Batched; reversible (the rows are derived)."""

import hashlib

from django.db import migrations

BATCH = 5000


def backfill(apps, schema_editor):
    EmailAddress = apps.get_model("account", "EmailAddress")
    LearnerIdentifier = apps.get_model("learners", "LearnerIdentifier")
    rows = []
    for user_id, email in EmailAddress.objects.filter(verified=True).values_list("user_id", "email").iterator(BATCH):
        digest = hashlib.sha1(f"mailto:{email}".encode(), usedforsecurity=False).hexdigest()
        rows.append(LearnerIdentifier(learner_id=user_id, kind="mbox_sha1sum", provider=None, value=digest))
        if len(rows) >= BATCH:
            LearnerIdentifier.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    LearnerIdentifier.objects.bulk_create(rows, ignore_conflicts=True)


def remove(apps, schema_editor):
    apps.get_model("learners", "LearnerIdentifier").objects.filter(kind="mbox_sha1sum").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("learners", "0006_external_completions"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(backfill, remove)]
