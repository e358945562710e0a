"""The exceptions Digest CMS raises for problems a user can fix.

Each message says what was wrong and how to fix it; management commands turn
them into ``CommandError`` and views into a clear response, never a trace.
"""


class CMSError(Exception):
    """Base class for every error Digest CMS reports to a user."""


class MarkdownError(CMSError, ValueError):
    """Markdown that cannot be rendered safely (too large or too complex)."""


class ExportError(CMSError):
    """The static export could not produce a complete, verified site."""


class UploadError(CMSError):
    """An uploaded file that is not an image we accept."""


class EditConflict(CMSError):
    """Someone else saved the entry after this edit was loaded; nothing was overwritten."""


class ImportFailed(CMSError):
    """An import or content load that stopped before saving anything.

    The message names the file, the place in it (line, element, block or
    field) and what was wrong, so the user can fix the input and run again.
    """

    def __init__(self, source: str, problem: str, *, location: str = "") -> None:
        self.source = source
        self.location = location
        self.problem = problem
        where = f"{source}, {location}" if location else source
        super().__init__(f"{where}: {problem}")


class PublishError(CMSError):
    """A publish that could not reach or update its target; what was already live stays."""


class BackupError(CMSError):
    """A backup that could not be written, or a backup that cannot be restored as it is."""


class MTError(CMSError):
    """A machine translation that could not be made; names the engine and what went wrong.

    Nothing is created when it is raised: the engine is asked before the
    translation is saved.
    """

    def __init__(self, engine: str, problem: str) -> None:
        self.engine = engine
        self.problem = problem
        super().__init__(f"{engine}: {problem}")
