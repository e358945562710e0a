"""Every admin page of every registered model opens for every role, in any language setup.

The models come from the admin site's registry, so a newly registered model
is swept too (and fails here until it has a factory below). Each role gets
the page (200) when the admin's permission hooks allow it and a refusal
otherwise (403; 302 to the login page for anonymous visitors or to the index
for an object outside the role's list), never a 500.
A 200 also needs the Django permission itself, so a hook cannot open a page
to a role that holds no right to it.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import AnonymousUser, Group, User
from django.test import Client, RequestFactory
from django.urls import reverse

from cms.models import Entry, Redirect, TranslationMethod
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_page, make_topic, make_user

pytestmark = pytest.mark.django_db

ROLES = ["superuser", "editor", "translator", "author", "anonymous"]
PAGES = ["changelist", "add", "change", "history", "delete"]
LANGUAGE_SETUPS = {
    "default": None,
    "third-language": ("de", "Deutsch"),
}


def make_entries():
    """The sweeping author's draft original (when an author sweeps) and a translation of it."""
    author = User.objects.filter(username="sweep-author").first() or make_member("author")
    original = make_entry("Sweep original", status=Status.DRAFT, authors=[author])
    Entry.objects.filter(pk=original.pk).update(created_by=author)
    translation = make_entry(
        "Sweep translation",
        language="zh-hans",
        status=Status.DRAFT,
        translation_of=original,
        translation_method=TranslationMethod.MACHINE,
        translator="Google Translate",
    )
    return [original, translation]


def make_redirect():
    entry = make_entry("Renamed", slug="renamed")
    return [Redirect.objects.create(old_path="/en/entries/old-name/", entry=entry)]


def make_arxiv_category():
    from cms.models import ArxivCategory

    return [ArxivCategory.objects.create(code="cs.CL", name="Computation and Language")]


def make_token():
    from rest_framework.authtoken.models import Token, TokenProxy

    Token.objects.create(user=make_user("token-holder", staff=True))
    return list(TokenProxy.objects.all())


def make_delivery():
    from cms.webhooks import events
    from cms.webhooks.models import Delivery, Endpoint

    endpoint = Endpoint.objects.create(url="https://hooks.example.org/digest")
    events.record(events.PING, {"message": "sweep"}, endpoints=[endpoint])
    return list(Delivery.objects.all())


def make_task_result():
    from django_tasks_db.models import DBTaskResult

    from cms.webhooks import tasks

    tasks.enqueue(make_delivery()[0].pk)
    return list(DBTaskResult.objects.all())


def make_access(model_name):
    def build():
        from axes import models as axes_models

        model = getattr(axes_models, model_name)
        fields = {"user_agent": "sweep", "ip_address": "192.0.2.1", "username": "someone"}
        if model_name == "AccessAttempt":
            fields.update(get_data="", post_data="", failures_since_start=1)
        return [model.objects.create(http_accept="text/html", path_info="/admin/", **fields)]

    return build


FACTORIES = {
    "auth.Group": lambda: [Group.objects.get(name="editor")],
    "auth.User": lambda: [make_user("sweep-user", staff=True)],
    "cms.ArxivCategory": make_arxiv_category,
    "cms.Entry": make_entries,
    "cms.Page": lambda: [make_page()],
    "cms.Redirect": make_redirect,
    "cms.Topic": lambda: [make_topic("sweep", "Sweep", **{"zh-hans": "扫描"})],
    "authtoken.TokenProxy": make_token,
    "django_tasks_database.DBTaskResult": make_task_result,
    "webhooks.Endpoint": lambda: [make_delivery()[0].endpoint],
    "webhooks.Delivery": make_delivery,
    "axes.AccessAttempt": make_access("AccessAttempt"),
    "axes.AccessLog": make_access("AccessLog"),
    "axes.AccessFailureLog": make_access("AccessFailureLog"),
}

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def user_for(role):
    if role == "anonymous":
        return AnonymousUser()
    if role == "superuser":
        return make_user("sweep-root", superuser=True)
    return make_member(role, f"sweep-{role}")


def page_url(model, page, obj=None):
    info = (model._meta.app_label, model._meta.model_name)
    if obj is None:
        return reverse("admin:{}_{}_{}".format(*info, page))
    return reverse("admin:{}_{}_{}".format(*info, page), args=[quote(obj.pk)])


def permission_for(model, page):
    """The Django permission a page needs at least, outside the admin's own hooks."""
    action = {"add": "add", "delete": "delete"}.get(page)
    opts = model._meta
    if action:
        return [f"{opts.app_label}.{action}_{opts.model_name}"]
    return [f"{opts.app_label}.{action}_{opts.model_name}" for action in ("view", "change")]


def admin_allows(model_admin, user, page, obj):
    request = RequestFactory().get("/admin/")
    request.user = user
    if not admin.site.has_permission(request):
        return False
    if page == "add":
        return model_admin.has_add_permission(request)
    if page == "delete":
        return model_admin.has_delete_permission(request, obj)
    if obj is not None and model_admin.get_object(request, str(obj.pk)) is None:
        return False
    return model_admin.has_view_or_change_permission(request, obj)


def sweep(model, role):
    """Each page of ``model`` as ``role``: a list of what went wrong, empty when all is well."""
    model_admin = admin.site._registry[model]
    user = user_for(role)
    objects = FACTORIES[model._meta.label]()
    client = Client(raise_request_exception=False)
    if user.is_authenticated:
        client.force_login(user)
    problems = []
    for page in PAGES:
        for obj in objects if page in ("change", "history", "delete") else [None]:
            url = page_url(model, page, obj)
            status = client.get(url).status_code
            allowed = admin_allows(model_admin, user, page, obj)
            holds = any(user.has_perm(name) for name in permission_for(model, page))
            if status == 200 and not holds:
                problems.append(f"{role} {url}: 200 without {permission_for(model, page)}")
            elif status not in ((200,) if allowed else (302, 403)):
                problems.append(f"{role} {url}: {status}, admin allows: {allowed}")
    return problems


@pytest.fixture(params=list(LANGUAGE_SETUPS), ids=list(LANGUAGE_SETUPS))
def languages(request, settings):
    extra = LANGUAGE_SETUPS[request.param]
    if extra is not None:
        settings.LANGUAGES = [*settings.LANGUAGES, extra]
    return settings.LANGUAGES


def test_every_registered_model_has_a_factory():
    missing = [model._meta.label for model in REGISTERED if model._meta.label not in FACTORIES]
    assert not missing, f"add a factory to tests/test_admin_pages.py for {missing}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_pages_answer_without_a_server_error(model, role, languages):
    if model._meta.label not in FACTORIES:
        pytest.fail(f"no factory for {model._meta.label}")
    assert sweep(model, role) == []


def test_topic_form_has_a_name_field_for_each_extra_language(languages):
    client = Client()
    client.force_login(make_member("editor"))
    page = client.get(reverse("admin:cms_topic_add")).content.decode()
    for code, language in languages[1:]:
        assert f"Name in {language}" in page
        assert f'name="name_{code.replace("-", "_")}"' in page


def test_topic_names_are_saved_in_every_configured_language(languages):
    topic = make_topic("graphs", "Graphs", fr="Graphes")
    client = Client()
    client.force_login(make_member("editor"))
    data = {"name": "Graph theory", "slug": "graphs", "name_zh_hans": "图论", "name_de": "Graphen"}
    response = client.post(reverse("admin:cms_topic_change", args=[topic.pk]), data)
    assert response.status_code == 302
    topic.refresh_from_db()
    expected = {"zh-hans": "图论", "fr": "Graphes"}
    if ("de", "Deutsch") in languages:
        expected["de"] = "Graphen"
    assert topic.names == expected


def test_roles_that_only_view_topics_see_their_other_names():
    topic = make_topic("ml", "Machine learning", **{"zh-hans": "机器学习"})
    client = Client()
    client.force_login(make_member("translator"))
    page = client.get(reverse("admin:cms_topic_change", args=[topic.pk])).content.decode()
    assert "机器学习" in page
