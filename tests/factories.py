"""Small, explicit builders for test data. Times are relative to ``now()``."""

from datetime import timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.models import Entry, Page, Topic
from cms.publishing import Status

_sequence = count(1)


def now():
    return timezone.now()


def yesterday():
    return now() - timedelta(days=1)


def tomorrow():
    return now() + timedelta(days=1)


def make_user(username=None, *, staff=False, superuser=False, **fields):
    username = username or f"user{next(_sequence)}"
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(
            username, f"{username}@example.org", "pw-" + username, **fields
        )
    return User.objects.create_user(
        username, f"{username}@example.org", "pw-" + username, is_staff=staff, **fields
    )


def make_member(role, username=None, **fields):
    """A staff user in one of the editorial groups (author, translator, editor)."""
    from django.contrib.auth.models import Group

    user = make_user(username or role, staff=True, **fields)
    user.groups.add(Group.objects.get(name=role))
    return user


def make_topic(slug=None, name=None, **names):
    slug = slug or f"topic-{next(_sequence)}"
    return Topic.objects.create(slug=slug, name=name or slug.title(), names=names)


def make_entry(
    title=None,
    *,
    language="en",
    status=Status.PUBLISHED,
    publish_at=None,
    topics=(),
    authors=(),
    **fields,
):
    number = next(_sequence)
    title = title or f"Entry {number}"
    if publish_at is None and status == Status.PUBLISHED:
        publish_at = yesterday()
    entry = Entry(
        title=title,
        slug=fields.pop("slug", f"entry-{number}"),
        language=language,
        status=status,
        publish_at=publish_at,
        body=fields.pop("body", f"Body of {title}."),
        **fields,
    )
    entry.full_clean()
    entry.save()
    entry.topics.set(topics)
    entry.authors.set(authors)
    return entry


def make_page(title="About", *, language="en", slug="about", is_published=True, **fields):
    return Page.objects.create(
        title=title, language=language, slug=slug, is_published=is_published, **fields
    )


MANIFEST_STORAGE = "cms.static_storage.SiteStaticFilesStorage"


def collect_static(root):
    """Run collectstatic into ``root`` with hashed names, as production (and the export) uses."""
    from django.core.management import call_command
    from django.test.utils import override_settings

    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


def file_tree(root):
    """Every file under ``root`` (dotfiles included) mapped to its bytes, to compare exports."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def export_with_standby(output):
    """Export into ``output`` twice, so that the next export starts from a standby swapped out
    by an incremental export, as in use."""
    from cms.export import export_site

    export_site(output)
    export_site(output, incremental=True)
    return output


def retitle_sample_entry(title: str = "An edited title") -> None:
    """Edit the title of one entry of ``devtools.sample``'s content, as an editor would."""
    entry = Entry.objects.get(language="en", slug="gen-00002")
    entry.title = title
    entry.save()


def assert_equals_a_full_export(site, tmp_path) -> None:
    """``site`` holds, byte for byte, what a full export of the database now writes."""
    from cms.export import export_site

    assert export_site(tmp_path / "full").published
    assert file_tree(site) == file_tree(tmp_path / "full")
