"""Signal receivers that keep the search index in step with every save and delete.

They run inside the saving transaction, so a rolled-back save leaves the
index as it was. ``QuerySet.update()`` and ``bulk_create()`` send no signals:
after such bulk changes run ``manage.py rebuild_search_index``. Status and
``publish_at`` are not indexed (the public rule is applied at query time),
so the workflow's status changes need no reindexing at all.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from cms.search.index import index_entries, remove_entries


def entry_saved(sender, instance, raw=False, using="default", **kwargs):
    if raw:
        return
    index_entries([instance.pk], using=using)


def entry_deleted(sender, instance, using="default", **kwargs):
    remove_entries([instance.pk], using=using)


def topics_changed(sender, instance, action, reverse, pk_set, using="default", **kwargs):
    """``entry.topics`` or ``topic.entries`` changed: reindex the entries concerned."""
    if action == "pre_clear" and reverse:
        instance._search_cleared_entries = list(instance.entries.values_list("pk", flat=True))
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        index_entries([instance.pk], using=using)
    elif action == "post_clear":
        index_entries(getattr(instance, "_search_cleared_entries", []), using=using)
    else:
        index_entries(pk_set or [], using=using)


def topic_saved(sender, instance, created, raw=False, using="default", **kwargs):
    """A renamed topic changes the text of every entry that carries it."""
    if raw or created:
        return
    index_entries(instance.entries.values_list("pk", flat=True), using=using)


def paper_saved(sender, instance, created, raw=False, using="default", **kwargs):
    """The paper's authors and ids are in the text of every language version of it."""
    if raw or created:
        return
    index_entries(instance.entries.values_list("pk", flat=True), using=using)


def topic_deleting(sender, instance, **kwargs):
    instance._search_entries = list(instance.entries.values_list("pk", flat=True))


def topic_deleted(sender, instance, using="default", **kwargs):
    index_entries(getattr(instance, "_search_entries", []), using=using)


def connect() -> None:
    """Wire the receivers; called once from ``CmsConfig.ready``."""
    from cms.models import Entry, Paper, Topic

    post_save.connect(entry_saved, sender=Entry, dispatch_uid="cms.search.entry_saved")
    post_delete.connect(entry_deleted, sender=Entry, dispatch_uid="cms.search.entry_deleted")
    m2m_changed.connect(
        topics_changed, sender=Entry.topics.through, dispatch_uid="cms.search.topics_changed"
    )
    post_save.connect(topic_saved, sender=Topic, dispatch_uid="cms.search.topic_saved")
    post_save.connect(paper_saved, sender=Paper, dispatch_uid="cms.search.paper_saved")
    pre_delete.connect(topic_deleting, sender=Topic, dispatch_uid="cms.search.topic_deleting")
    post_delete.connect(topic_deleted, sender=Topic, dispatch_uid="cms.search.topic_deleted")
