"""The development tools' door: commands that need ``devtools/`` import it here, when they run.

``devtools/`` (load test, benchmarks, demo content) sits beside ``cms/`` in
a checkout of the repository and is not part of the installed package, so
a production server does not carry it. A command run where it is missing
stops with a message saying where to run it instead of an ImportError.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from django.core.management.base import CommandError

PACKAGE = "devtools"


def load(module: str, command: str) -> ModuleType:
    """``devtools.<module>``, or a ``CommandError`` telling the user how to get it.

    ``module`` may be dotted (``bench.run``): missing ``devtools`` or any
    package on the way to the module means the tools are not there.
    """
    name = f"{PACKAGE}.{module}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name and not name.startswith(f"{error.name}."):
            raise  # something devtools itself needs is missing: that error says what
        raise CommandError(
            f"“{command}” needs the development tools in {PACKAGE}/, which come with a "
            "checkout of the repository, not with the installed package. Run it from the "
            "checkout's folder (where manage.py and devtools/ are)."
        ) from error
