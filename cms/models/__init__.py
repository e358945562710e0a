"""The content model: entries and their translations, topics, standalone pages."""

from cms.models.arxiv_categories import ArxivCategory
from cms.models.assignments import TranslationAssignment
from cms.models.comments import Comment
from cms.models.content_changes import ContentChange, JournalCheckpoint
from cms.models.entries import Entry
from cms.models.notifications import Notification, NotificationKind, NotificationPreference
from cms.models.pages import Page
from cms.models.papers import Paper
from cms.models.redirects import Redirect
from cms.models.site_version import SiteVersion
from cms.models.topics import Topic
from cms.models.translations import TranslationMethod
from cms.models.workflow import WorkflowStep

__all__ = [
    "ArxivCategory",
    "Comment",
    "ContentChange",
    "Entry",
    "JournalCheckpoint",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "Page",
    "Paper",
    "Redirect",
    "SiteVersion",
    "Topic",
    "TranslationAssignment",
    "TranslationMethod",
    "WorkflowStep",
]
