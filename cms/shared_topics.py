"""A translation carries its original's topics: they are chosen once, on the original.

Topics stay on each entry (topic pages, feeds and search ask ``entry.topics``
as before), and this keeps a translation's set equal to its original's:
when an original's topics change they are copied to its translations, and a
translation takes its original's when it is saved. A change made to a
translation's own topics is put back to the original's.
"""

from django.db.models.signals import m2m_changed, post_save

_COPYING = "_copying_topics"


def copy_topics(original, translations) -> None:
    """Give every entry in ``translations`` exactly ``original``'s topics."""
    wanted = {topic.pk for topic in original.topics.all()}
    for translation in translations:
        if {topic.pk for topic in translation.topics.all()} != wanted:
            setattr(translation, _COPYING, True)
            try:
                translation.topics.set(wanted)
            finally:
                delattr(translation, _COPYING)


def entry_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.translation_of_id is None:
        return
    copy_topics(instance.translation_of, [instance])


def topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse or action not in ("post_add", "post_remove", "post_clear"):
        return
    if getattr(instance, _COPYING, False):
        return
    if instance.translation_of_id is not None:
        copy_topics(instance.translation_of, [instance])
    else:
        copy_topics(instance, instance.translations.all())


def connect() -> None:
    from cms.models import Entry

    post_save.connect(entry_saved, sender=Entry, dispatch_uid="cms.shared_topics.saved")
    m2m_changed.connect(
        topics_changed, sender=Entry.topics.through, dispatch_uid="cms.shared_topics.changed"
    )
