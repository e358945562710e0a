"""What ``manage.py bench`` measures: export speed, memory and live latency, and Hugo beside them.

A development tool, not part of the installed app: a production server
never runs the benchmark, so its code lives here rather than in ``cms``.
``run`` generates the content (``devtools.sample``) and measures,
``process`` times commands in child processes (a fresh incremental export,
Hugo), ``hugo`` writes the same entries as a Hugo site, and ``report`` lays
the figures out as a table and JSON. The command reaches them through
``cms.management.devtools.load``.
"""
