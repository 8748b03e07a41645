"""Calendar feed tokens are stored as their SHA-256, like invitation tokens. Existing
addresses keep working: each stored token is replaced by its hash."""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    CalendarFeed = apps.get_model("certification", "CalendarFeed")
    for feed in CalendarFeed.objects.only("pk", "token_hash").iterator():
        digest = hashlib.sha256(feed.token_hash.encode()).hexdigest()
        CalendarFeed.objects.filter(pk=feed.pk).update(token_hash=digest)


class Migration(migrations.Migration):
    dependencies = [("certification", "0001_observations_and_programs")]

    operations = [
        migrations.RenameField("calendarfeed", "token", "token_hash"),
        # Hashing is one-way: going back leaves the hashes, which match no address.
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
