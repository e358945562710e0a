"""URL converters that only match values which are safe as file paths in the export."""


class UsernameConverter:
    """A Django username that does not start with a dot, so ``..`` never becomes a path."""

    regex = r"[\w@+-][\w.@+-]*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
