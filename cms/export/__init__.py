"""The static export: the whole public site as files any static host can serve.

``export_site`` loads the public entries once (``loaded.LoadedSite``) and
crawls the site in-process from its seeds and every URL of the loaded page
kinds, so the renderers (``--jobs``) have the whole known site to work on
from the start instead of waiting for pages that link to it: a URL of a
loaded page kind is rendered from those rows, any other through Django's
request cycle. It writes every URL to a file in a fresh folder beside the
output, copies the static and media files pages reference, checks that every
internal link answered, and swaps the new folder into place only when all of
that succeeded, then prunes the change journal (``journal_prune``). See
``docs/benchmarks.md`` for speed and the README's "Export" section for use.
"""

import logging
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.test.utils import override_settings
from django.urls import NoReverseMatch
from django.utils import timezone, translation

from cms.absolute import site_url
from cms.exceptions import ExportError
from cms.export.bookkeeping import OutputLock, check_output_dir, new_manifest
from cms.export.carry import Update, totals_of
from cms.export.crawler import Crawl, Progress
from cms.export.fetch import Renderer
from cms.export.incremental import State, can_reuse, check_unchanged
from cms.export.journal import JournalState, current_position
from cms.export.journal_prune import prune_after_export
from cms.export.loaded import LoadedSite
from cms.export.loaded_kinds import let_go_of_rendering
from cms.export.manifest import FILE_KINDS, PAGE_KINDS, Manifest, Replacement
from cms.export.paths import check_collisions
from cms.export.placement import reconcile
from cms.export.planner import Unloaded, plan_from_journal
from cms.export.result import BrokenLink, ExportResult
from cms.export.target import ExportTarget
from cms.export.workers import PoolExecutor, PreviousOutput, ReusingExecutor, SerialExecutor
from cms.export.writer import Staging
from cms.public_urls import pinned_url_state, public_path
from cms.publishing import frozen_clock
from cms.redirects import public_redirect_paths
from cms.search.static_index import build_static_index
from cms.views.lists import legacy_page_paths

__all__ = ["ExportResult", "export_site"]

SEED_URL_NAMES = ("home", "sitemap", "robots-txt", "not-found-page", "api-root")
STATIC_FILES_MIDDLEWARE = "whitenoise.middleware.WhiteNoiseMiddleware"


def export_site(
    output_dir: str | Path,
    *,
    base_url: str | None = None,
    jobs: int = 1,
    incremental: bool = False,
    relative: bool = False,
    allow_broken: bool = False,
    search: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """Export the public site into ``output_dir``; see the module docstring.

    Raises ``ExportError`` for problems the user must fix (a view that
    raised, an unusable output folder, colliding file names, a concurrent
    export). Broken links do not raise: they are in the result, and the
    output is replaced anyway only with ``allow_broken``. With ``search`` a
    Pagefind index is built over the verified pages before the swap, so the
    exported search page works without a server.
    """
    started = time.monotonic()
    if jobs < 1:
        raise ExportError("--jobs must be 1 or more.")
    output = Path(output_dir).absolute()
    output = output.parent.resolve() / output.name
    target = ExportTarget.create(base_url or site_url(), relative=relative)
    options = {"base_url": target.base_url, "relative": relative}
    check_output_dir(output)
    with (
        OutputLock(output),
        export_settings(target),
        quiet_request_log(),
        frozen_clock(timezone.now()) as instant,
        pinned_url_state(),
    ):
        previous = Manifest.load(output) if incremental else None
        position = current_position()
        state = State.take(rows=False)
        plan = None
        if can_reuse(previous, options, state) and output.is_dir():
            plan = plan_from_journal(previous, position, instant)
        if plan is None:
            state = State.take()
        loaded = None
        with Staging(output, live=previous, few=bool(plan) and (jobs == 1 or plan.live)) as staging:
            crawl = Crawl(target, staging, progress=progress)
            if plan is not None:
                seeds, journal, gone = plan.urls, plan.state, set()
                if plan.live:
                    executor = SerialExecutor(Renderer(target, instant, Unloaded(previous)))
                else:
                    loaded = LoadedSite(target)
                    executor = loaded_executor(loaded, jobs, target, instant, staging, warm=False)
                if plan.moved:
                    seeds, gone = reconcile(previous, loaded, plan.urls)
                crawl.carry(previous, seeds, gone)
            else:
                loaded = LoadedSite(target, state.rows, state.tables)
                seeds = [*seed_paths(target), *loaded.pages]
                journal = position and JournalState.of_loaded(position, loaded.entries, instant)
                reusing = can_reuse(previous, options, state)
                executor = loaded_executor(loaded, jobs, target, instant, staging, warm=not reusing)
                if reusing:
                    reusable = PreviousOutput(previous, output, staging, loaded)
                    executor = ReusingExecutor(reusable, executor)
            try:
                crawl.run(seeds, executor)
            finally:
                executor.close()
            let_go_of_rendering(target, loaded)
            executor = loaded = None
            check_unchanged(state, position if plan else None)
            update = plan and Update(previous, crawl.records, crawl.again)
            added = update and crawl.records.keys() - update.old.keys()
            if update and not added and staging.trusted:
                listing, expected = None, update
            else:
                listing = update.listing() if update else crawl.listing()
                expected = {path: size for path, size in listing.values()}
            if not update or added:
                check_collisions((url, path) for url, (path, _size) in listing.items())
            linking = update.referrers if update else crawl.referrers
            broken = [BrokenLink(u, r, tuple(linking(u))) for u, r in sorted(crawl.broken.items())]
            staging.discard_all_but(expected, update and [r.path for r in update.old.values()])
            staging.verify(expected)
            if not broken or allow_broken:
                if search:
                    build_static_index(staging.root)
                reasons = {link.url: link.reason for link in broken}
                if update:
                    update.journal, update.broken = journal, reasons
                    staging.publish(update)
                else:
                    manifest = Manifest(options, state.fingerprint, crawl.records, reasons, journal)
                    with new_manifest(output) as path:
                        manifest.write(path)
                        staging.publish(Replacement(path, output))
            published = staging.published
    if previous is not None:
        previous.close()
    if published:
        prune_after_export()
    written = totals_of(crawl.records.values())
    totals = update.totals() if update else written
    return ExportResult(
        output_dir=output,
        pages=totals["page"] + totals["redirect"],
        redirects=totals["redirect"],
        files=sum(totals[kind] for kind in FILE_KINDS),
        bytes=totals["bytes"],
        seconds=time.monotonic() - started,
        rendered=crawl.rendered,
        reused=crawl.reused + sum(totals[kind] - written[kind] for kind in PAGE_KINDS),
        unchanged=crawl.unchanged,
        planned=plan is not None,
        broken=broken,
        published=published,
    )


def loaded_executor(
    loaded: LoadedSite, jobs: int, target: ExportTarget, instant, staging: Staging, *, warm=True
):
    if jobs > 1:
        return PoolExecutor(jobs, target, instant, loaded, staging, warm=warm)
    return SerialExecutor(Renderer(target, instant, loaded))


def seed_paths(target: ExportTarget) -> list[str]:
    """Where the crawl starts.

    The front door, sitemap, robots.txt, 404 page and API root (when the
    API exists), the old paths of renamed entries (nothing links to them,
    but they must keep working), the old ``…/page/<n>/`` list URLs (redirects
    to their list's front since pages are numbered from the oldest entry),
    and ``CMS_EXPORT_EXTRA_URLS``.
    """
    seeds = []
    for name in SEED_URL_NAMES:
        try:
            seeds.append(public_path(name))
        except NoReverseMatch:
            continue
    seeds += public_redirect_paths()
    seeds += legacy_page_paths()
    seeds = [target.locate(seed, "/").key for seed in seeds]
    for extra in settings.CMS_EXPORT_EXTRA_URLS:
        located = target.locate(extra, "/")
        if located is None or located.query:
            raise ExportError(
                f"CMS_EXPORT_EXTRA_URLS has {extra!r}, which is not a path of this site; "
                "give root-relative paths such as /en/pages/colophon/."
            )
        seeds.append(located.path)
    return seeds


@contextmanager
def export_settings(target: ExportTarget):
    """Absolute URLs from the base URL, a Host header Django accepts, production static names.

    ``DEBUG`` is off so the manifest storage gives hashed static names, as
    production does, wherever the export runs. The server-side page cache is
    off, so a fetched page is rendered from the database as it is now. Each
    request activates its page's language; the caller's language is put back
    afterwards. The requests skip WhiteNoise when it could serve none of them
    (``request_middleware``).
    """
    language = translation.get_language()
    with override_settings(
        DEBUG=False,
        CMS_SITE_URL=target.base_url,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, target.hostname],
        SECURE_SSL_REDIRECT=False,
        CMS_PAGE_CACHE_SECONDS=0,
        MIDDLEWARE=request_middleware(target),
    ):
        try:
            yield
        finally:
            if language:
                translation.activate(language)
            else:
                translation.deactivate_all()


def request_middleware(target: ExportTarget) -> list[str]:
    """The site's middleware, without WhiteNoise when the crawl requests no path it serves.

    WhiteNoise answers only for files under ``STATIC_URL`` unless
    ``WHITENOISE_ROOT``, ``WHITENOISE_STATIC_PREFIX`` or ``FORCE_SCRIPT_NAME``
    says otherwise, and the crawl copies every path under a local
    ``STATIC_URL`` itself (``ExportTarget.file_root``) instead of requesting
    it. Building the middleware stats every file of ``STATIC_ROOT``: time in
    each fresh export process (issue 20) spent on an index no request reads.
    """
    moved = ("WHITENOISE_ROOT", "WHITENOISE_STATIC_PREFIX", "FORCE_SCRIPT_NAME")
    serves_elsewhere = any(getattr(settings, name, None) for name in moved)
    if target.static_prefix is None or serves_elsewhere:
        return settings.MIDDLEWARE
    return [name for name in settings.MIDDLEWARE if name != STATIC_FILES_MIDDLEWARE]


@contextmanager
def quiet_request_log():
    """The 404 page answers 404 by design; broken links are reported, not logged one by one."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
