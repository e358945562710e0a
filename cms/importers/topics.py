"""Topics for imported tags, categories and arXiv classes: found by slug or by name in any
language, the missing ones created once per run through the model's own validation."""

from django.core.exceptions import ValidationError

from cms.exceptions import ImportFailed
from cms.importers.report import ImportResult
from cms.importers.text import slug_from, stable_hash
from cms.importers.writer import validation_message
from cms.languages import default_language
from cms.models import Topic


class TopicFinder:
    """Finds topics for imported tags and categories, creating the missing ones once per run."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result
        self._topics: list[Topic] | None = None

    def _all(self) -> list[Topic]:
        if self._topics is None:
            self._topics = list(Topic.objects.all())
        return self._topics

    def find_by_slug(self, slug: str) -> Topic | None:
        return next((topic for topic in self._all() if topic.slug == slug), None)

    def find_by_name(self, name: str) -> Topic | None:
        """The topic called ``name`` in any language, ignoring case ("Machine learning")."""
        wanted = name.casefold()
        for topic in self._all():
            if any(
                str(value).casefold() == wanted for value in [topic.name, *topic.names.values()]
            ):
                return topic
        return None

    def by_slug(self, slug: str, name: str, names: dict[str, str], label: str) -> Topic:
        """The topic with ``slug``, created with ``name`` and ``names`` if there is none."""
        return self.find_by_slug(slug) or self.create(slug, name, names, label)

    def by_name(self, name: str, language: str, label: str) -> Topic:
        """The topic called ``name`` in any language (ignoring case), or with its slug, or new."""
        found = self.find_by_name(name)
        if found is not None:
            return found
        slug = slug_from(name, language=language) or f"topic-{stable_hash(name, 8)}"
        names = {} if language == default_language() else {language: name}
        return self.by_slug(slug, name, names, label)

    def create(self, slug: str, name: str, names: dict[str, str], label: str) -> Topic:
        topic = Topic(slug=slug, name=name, names=names)
        try:
            topic.full_clean()
        except ValidationError as error:
            raise ImportFailed(
                self.result.source, f"topic {name!r}: {validation_message(error)}", location=label
            ) from error
        topic.save()
        self._all().append(topic)
        self.result.topics_created.append(slug)
        return topic
