"""Production's static storage: hashed, compressed names, with each URL worked out once.

Every public page links its stylesheets through ``{% static %}``, and the
manifest storage finds a hashed name by splitting, unquoting and joining the
path each time. The answer changes only when ``collectstatic`` post-processes
the files (a new manifest) or ``DEBUG`` changes (unhashed names), so the
storage keeps the URLs it has given until either happens.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class SiteStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.given_urls: dict[tuple[str, bool, bool], str] = {}

    def url(self, name: str, force: bool = False) -> str:
        key = (name, force, settings.DEBUG)
        found = self.given_urls.get(key)
        if found is None:
            found = self.given_urls[key] = super().url(name, force)
        return found

    def post_process(self, *args, **kwargs):
        self.given_urls.clear()
        try:
            yield from super().post_process(*args, **kwargs)
        finally:
            self.given_urls.clear()
