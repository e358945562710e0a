"""Hostile files given to the Markdown importer: object tags, bad dates and encodings, huge
files, alias bombs, deep nesting, symbolic links, front matter that tries to publish or
overwrite, slugs that are paths; each refused or skipped naming the file, nothing stored.
"""

import os

import pytest

from cms.importers.markdown_files import import_markdown
from cms.models import Entry
from cms.publishing import Status
from tests.factories import make_entry, make_user
from tests.support.import_markdown import failure, write

pytestmark = pytest.mark.django_db


class TestHostileFiles:
    def test_python_object_tag_is_refused_and_never_run(self, tmp_path):
        canary = tmp_path / "pwned"
        write(tmp_path, "good.md", "---\ntitle: Good\n---\nx\n")
        write(
            tmp_path,
            "evil.md",
            f'---\ntitle: !!python/object/apply:os.system ["touch {canary}"]\n---\nx\n',
        )
        message = failure(tmp_path)
        assert message == (
            "evil.md, line 2: the front matter uses the YAML tag "
            "tag:yaml.org,2002:python/object/apply:os.system, which could run code or build "
            "objects; only plain text, lists and mappings are allowed."
        )
        assert not canary.exists()

    def test_date_that_is_not_a_date_names_the_file_and_field(self, tmp_path):
        write(tmp_path, "a.md", "---\ntitle: A\ndate: next tuesday\n---\nx\n")
        assert failure(tmp_path) == (
            "a.md: front matter field “date” is not a date: 'next tuesday'. Write it as "
            "2024-01-05 or 2024-01-05T09:30:00+08:00."
        )

    def test_impossible_calendar_date_names_the_field(self, tmp_path):
        write(tmp_path, "a.md", "---\ntitle: A\ndate: 2024-02-30\n---\nx\n")
        assert "field “date” is not a date: '2024-02-30'" in failure(tmp_path)

    def test_file_in_another_encoding_is_refused_naming_the_line(self, tmp_path):
        write(tmp_path, "latin.md", "---\ntitle: Café\n---\nx\n".encode("latin-1"))
        assert failure(tmp_path) == (
            "latin.md, line 2: byte 0xE9 is not UTF-8, so the file is in another encoding "
            "(such as GBK or Latin-1). Save it as UTF-8 and try again."
        )

    def test_utf16_file_is_refused(self, tmp_path):
        write(tmp_path, "wide.md", "---\ntitle: A\n---\nx\n".encode("utf-16"))
        assert failure(tmp_path) == (
            "wide.md: the file is UTF-16 text; save it as UTF-8 and try again."
        )

    def test_utf8_with_byte_order_mark_and_crlf_is_accepted(self, tmp_path):
        write(tmp_path, "bom.md", "\ufeff---\r\ntitle: BOM\r\n---\r\nx\r\n".encode())
        import_markdown(tmp_path)
        assert Entry.objects.get().title == "BOM"

    def test_50_megabyte_file_is_refused_before_it_is_read(self, tmp_path):
        write(tmp_path, "small.md", "---\ntitle: Small\n---\nx\n")
        with (tmp_path / "huge.md").open("wb") as stream:
            stream.truncate(50 * 1024 * 1024)
        assert failure(tmp_path) == (
            "huge.md: the file is 50 MB; the limit is 10 MB (CMS_IMPORT_MAX_BYTES). Split it "
            "into smaller files."
        )

    def test_yaml_alias_bomb_is_refused(self, tmp_path):
        lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
        for level in range(1, 9):
            previous = chr(ord("a") + level - 1)
            name = chr(ord("a") + level)
            lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        write(tmp_path, "bomb.md", "---\ntitle: Bomb\n" + "\n".join(lines) + "\ntags: *i\n---\n")
        message = failure(tmp_path)
        assert message.startswith(
            "bomb.md, line 6: the front matter is not valid YAML (more than 20 aliases (*name);"
        )

    def test_deeply_nested_front_matter_is_refused(self, tmp_path):
        write(tmp_path, "deep.md", "---\ntitle: " + "[" * 5_000 + "]" * 5_000 + "\n---\n")
        assert failure(tmp_path) == (
            "deep.md, line 2: the front matter is not valid YAML (lists or mappings nested "
            "more than 50 deep)."
        )

    def test_unclosed_front_matter_is_refused(self, tmp_path):
        write(tmp_path, "open.md", "---\ntitle: Open\nbody text\n")
        assert failure(tmp_path) == (
            "open.md: the front matter opened by “---” on line 1 is never closed; end it with "
            "a line holding “---”."
        )

    def test_list_where_text_belongs_is_refused_naming_the_field(self, tmp_path):
        write(tmp_path, "a.md", "---\ntitle: [a, b]\n---\nx\n")
        assert failure(tmp_path) == "a.md: front matter field “title” must be text, not list."

    @pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
    def test_symbolic_links_are_skipped_so_nothing_outside_is_read(self, tmp_path):
        outside = write(tmp_path, "outside/secret.md", "---\ntitle: Secret\n---\nx\n")
        root = tmp_path / "site"
        write(root, "real.md", "---\ntitle: Real\n---\nx\n")
        (root / "link.md").symlink_to(outside)
        (root / "linked-dir").symlink_to(outside.parent, target_is_directory=True)
        result = import_markdown(root)
        assert list(Entry.objects.values_list("title", flat=True)) == ["Real"]
        assert sorted(c.label for c in result.skipped) == ["link.md", "linked-dir/"]

    def test_oversize_front_matter_is_refused_before_it_is_parsed(self, tmp_path):
        padding = "\n".join(f"k{n}: {'x' * 60}" for n in range(1_200))
        write(tmp_path, "big.md", f"---\ntitle: Big\n{padding}\n---\nBody\n")
        message = failure(tmp_path)
        assert message.startswith("big.md: the front matter is ")
        assert "the limit is 65,536" in message

    def test_front_matter_cannot_publish_claim_an_author_or_overwrite_an_entry(self, tmp_path):
        existing = make_entry("Someone else's", slug="kept")
        make_user("admin")
        write(
            tmp_path,
            "sneaky.md",
            "---\ntitle: Sneaky\nstatus: published\nauthor: admin\nid: "
            f"{existing.pk}\nslug: kept\n---\nBody\n",
        )
        result = import_markdown(tmp_path)
        existing.refresh_from_db()
        assert existing.title == "Someone else's"
        sneaky = Entry.objects.exclude(pk=existing.pk).get()
        assert (sneaky.slug, sneaky.status) == ("sneaky", Status.DRAFT)
        assert list(sneaky.authors.all()) == []
        assert result.items[0].notes == ["slug “kept” is taken by another entry; used “sneaky”"]
        assert result.items[0].not_kept == [
            "id: " + str(existing.pk),
            "status: published",
            'author: admin (map it to a team member with --author-map "admin=USERNAME", or '
            "keep it as the paper's with --authors paper)",
        ]

    def test_slug_that_is_a_path_is_refused_naming_the_file(self, tmp_path):
        write(tmp_path, "ok.md", "---\ntitle: Fine\n---\nBody\n")
        write(tmp_path, "sneaky.md", "---\ntitle: Sneaky\nslug: ../../index\n---\nBody\n")
        assert failure(tmp_path) == (
            "sneaky.md: the slug '../../index' is a path, not a name (it has “/”, “\\” or "
            "“..”), so it was refused. Write it as lowercase letters, digits and hyphens."
        )
