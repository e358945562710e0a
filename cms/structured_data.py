"""schema.org JSON-LD for entry pages, so search engines know which paper an entry is about."""

from cms.absolute import absolute_url
from cms.models import Entry
from cms.publishing import is_public


def paper_identifiers(entry: Entry) -> list[str]:
    identifiers = []
    if entry.arxiv_id:
        identifiers.append(f"arXiv:{entry.arxiv_id}")
    if entry.doi:
        identifiers.append(f"doi:{entry.doi}")
    return identifiers


def paper_json_ld(entry: Entry) -> dict:
    """The paper itself, as a ``ScholarlyArticle``: its authors, identifiers and source."""
    paper: dict = {"@type": "ScholarlyArticle", "name": entry.title}
    if entry.paper_author_list:
        paper["author"] = [{"@type": "Person", "name": name} for name in entry.paper_author_list]
    if identifiers := paper_identifiers(entry):
        paper["identifier"] = identifiers
    if entry.source_url:
        paper["url"] = entry.source_url
    if entry.doi:
        paper["sameAs"] = f"https://doi.org/{entry.doi}"
    if entry.paper_published:
        paper["datePublished"] = entry.paper_published.isoformat()
    if entry.paper_updated:
        paper["dateModified"] = entry.paper_updated.isoformat()
    if entry.journal_ref:
        paper["isPartOf"] = {"@type": "PublicationIssue", "name": entry.journal_ref}
    if entry.paper_comment:
        paper["comment"] = {"@type": "Comment", "text": entry.paper_comment}
    if entry.classification_list:
        paper["keywords"] = entry.classification_list
    return paper


def entry_json_ld(entry: Entry, site_name: str) -> dict:
    """The digest entry as an ``Article`` about the paper, with its translation provenance."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": entry.title,
        "url": absolute_url(entry.get_absolute_url()),
        "inLanguage": entry.language,
        "dateModified": entry.updated_at.isoformat(),
        "publisher": {"@type": "Organization", "name": site_name},
        "about": paper_json_ld(entry),
    }
    if entry.publish_at:
        data["datePublished"] = entry.publish_at.isoformat()
        data["dateModified"] = max(entry.updated_at, entry.publish_at).isoformat()
    if entry.summary:
        data["description"] = entry.summary
    authors = [
        {"@type": "Person", "name": author.get_full_name() or author.get_username()}
        for author in entry.authors.all()
    ]
    if authors:
        data["author"] = authors
    topics = [topic.name_in(entry.language) for topic in entry.topics.all()]
    if topics:
        data["keywords"] = topics
    if entry.is_translation:
        if entry.translation_method == "human":
            data["translator"] = {"@type": "Person", "name": entry.translator}
        else:
            data["translator"] = {"@type": "SoftwareApplication", "name": entry.translator}
        if entry.translation_method == "post_edited":
            data["translator"] = [
                data["translator"],
                {"@type": "Person", "name": entry.post_editor},
            ]
        if entry.translation_of_id and is_public(entry.translation_of):
            data["translationOfWork"] = {
                "@id": absolute_url(entry.translation_of.get_absolute_url())
            }
    return data
