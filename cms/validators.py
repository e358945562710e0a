"""Field validators with messages that say what a valid value looks like."""

from django.core.validators import RegexValidator, URLValidator
from django.utils.translation import gettext_lazy as _

validate_url_slug = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z",
    _(
        "Use only lowercase letters a–z, digits and single hyphens, "
        "for example “protein-folding-2024”. The slug is part of the URL."
    ),
    code="invalid_slug",
)

validate_arxiv_id = RegexValidator(
    r"^(?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})\Z",
    _("Enter an arXiv identifier without its version, such as “2401.01234” or “hep-th/9901001”."),
    code="invalid_arxiv_id",
)

validate_doi = RegexValidator(
    r"^10\.\d{4,9}/\S+\Z",
    _("Enter a DOI such as “10.1038/nature14539”, without “https://doi.org/”."),
    code="invalid_doi",
)

validate_web_url = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://.")
)


def validate_markdown_body(value: str) -> None:
    """Refuse Markdown the renderer cannot turn into HTML safely and quickly."""
    from django.core.exceptions import ValidationError

    from cms.exceptions import MarkdownError
    from cms.markdown import validate_markdown

    try:
        validate_markdown(value)
    except MarkdownError as error:
        raise ValidationError(str(error), code="unsafe_markdown") from error
