"""Checkpoints of the change journal, so that it can be pruned (``cms.export.journal_prune``)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0016_content_change_journal'),
    ]

    operations = [
        migrations.CreateModel(
            name='JournalCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('taken_at', models.DateTimeField()),
                ('last', models.BigIntegerField()),
                ('oldest_running', models.CharField(blank=True, max_length=32)),
                ('pruned', models.BooleanField(default=False)),
            ],
            options={
                'verbose_name': 'journal checkpoint',
            },
        ),
    ]
