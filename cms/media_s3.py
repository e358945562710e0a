"""The media storage for an S3-compatible bucket (``DJANGO_MEDIA_STORAGE=s3``).

Its own module so that boto3, botocore and s3transfer, a fifth of a second
to import, load only in a process whose ``STORAGES`` names this backend:
Django imports a storage backend when the storage is first used.
"""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class SiteMediaS3Storage(S3Storage):
    """An S3 bucket whose files are linked as ``MEDIA_URL`` paths, never as bucket URLs.

    django-storages would hand out a bucket address (signed and expiring,
    by default) and the editor would write that into the entry's Markdown.
    """

    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + filepath_to_uri(name)
