"""Development tools that ship with a checkout of the repository, not with the installed app.

The load test, the benchmarks (``bench``, search, Markdown), the generated
sample content and the demo content live here, outside the ``cms`` package
that ``pip install`` puts on a production server. The management commands
that use them (``loadtest``, ``bench``, ``bench_search``,
``bench_markdown``, ``quickstart``) import them only when they run, through
``cms.management.devtools.load``, which says what to do when this package
is not there.
"""
