"""Development tools that ship with a checkout of the repository, not with the installed app.

The load test, the search benchmark and the demo content live here,
outside the ``cms`` package that ``pip install`` puts on a production
server. The management commands that use them (``loadtest``,
``bench_search``, ``quickstart``) import them only when they run, through
``cms.management.devtools.load``, which says what to do when this package
is not there.
"""
