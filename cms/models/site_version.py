"""One token that changes whenever anything the public site shows may have changed."""

import uuid

from django.db import models


def new_token() -> str:
    return uuid.uuid4().hex


class SiteVersion(models.Model):
    """The version of the public site's content, for the server-side page cache.

    A random token rather than a counter: a rolled-back transaction or a
    restored backup brings back an older token together with the content it
    stood for, so a page cached under a token always shows that content.
    """

    token = models.CharField(max_length=32, default=new_token)

    class Meta:
        verbose_name = "site version"

    def __str__(self) -> str:
        return self.token
