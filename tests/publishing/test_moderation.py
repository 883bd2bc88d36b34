"""Contributors and convenors, logged in through the real admin: a
contributor's post goes to the convenors and is not live; a convenor approves
it, or sends it back with a note; contributors see no personal data."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import get_resolver, reverse
from wagtail.models import WorkflowPage, WorkflowState

from blog.models import BlogPostPage
from socialcarefuture.confirmations.admin_viewsets import ReadOnlyModelViewSet
from socialcarefuture.confirmations.models import ConfirmableRecord
from socialcarefuture.mailing_list.models import CONSENT, Subscriber
from socialcarefuture.publishing.moderation import send_for_approval
from tests.publishing.conftest import log_in
from tests.publishing.forms import blog_post_form

pytestmark = pytest.mark.django_db


def add_url(parent, model="blog/blogpostpage"):
    return f"/admin/pages/add/{model}/{parent.pk}/"


def submit_post(client, blog, title):
    response = client.post(add_url(blog), blog_post_form(title, action="submit"))
    assert response.status_code == 302, response.content.decode()[:2000]
    return BlogPostPage.objects.get(title=title)


def workflow_action(client, post, action, comment=""):
    state = post.current_workflow_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[post.pk, action, state.current_task_state.pk])
    return client.post(url, {"comment": comment})


def test_a_contributors_post_goes_to_the_convenors_and_is_not_live(
    client, blog, contributor, convenor, mailoutbox
):
    log_in(client, contributor)
    post = submit_post(client, blog, "Our garden gathering")

    assert not post.live
    state = post.current_workflow_state
    assert (state.status, state.workflow.name, state.requested_by) == (
        WorkflowState.STATUS_IN_PROGRESS,
        "Convenor approval",
        contributor,
    )
    # Convenors are told by email; the contributor is not emailed about their own submission.
    to_convenor = [message for message in mailoutbox if convenor.email in message.to]
    assert len(to_convenor) == 1
    assert "Our garden gathering" in to_convenor[0].subject
    assert not [message for message in mailoutbox if contributor.email in message.to]
    # Nobody outside the admin can see it.
    client.logout()
    assert client.get("/blog/our-garden-gathering/").status_code == 404


def test_a_contributor_cannot_publish_even_by_asking_to(client, blog, contributor):
    log_in(client, contributor)
    response = client.post(add_url(blog), blog_post_form("Straight to the site", action="publish"))
    assert response.status_code == 302
    post = BlogPostPage.objects.get(title="Straight to the site")
    assert not post.live
    assert post.current_workflow_state is None  # saved as a draft, not published


def test_a_convenor_approves_and_the_post_is_live(client, blog, contributor, convenor, mailoutbox):
    log_in(client, contributor)
    post = submit_post(client, blog, "Charter written together")
    log_in(client, convenor)
    dashboard = client.get("/admin/").content.decode()
    assert "Charter written together" in dashboard  # under "Awaiting your review"

    response = workflow_action(client, post, "approve", comment="Lovely, thank you.")

    assert response.status_code in (200, 302)
    post.refresh_from_db()
    assert post.live
    assert post.live_revision.user == contributor
    state = WorkflowState.objects.get(pk=post.workflow_states.get().pk)
    assert state.status == WorkflowState.STATUS_APPROVED
    client.logout()
    assert client.get("/blog/charter-written-together/").status_code == 200
    assert any(contributor.email in message.to for message in mailoutbox)


def test_a_convenor_sends_a_post_back_with_a_note_and_the_contributor_sees_it(
    client, blog, contributor, convenor
):
    log_in(client, contributor)
    post = submit_post(client, blog, "Music nights")
    log_in(client, convenor)
    workflow_action(client, post, "reject", comment="Please add who took the photo.")
    post.refresh_from_db()
    assert not post.live
    assert post.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    log_in(client, contributor)
    dashboard = client.get("/admin/").content.decode()
    assert "Sent back to you" in dashboard
    assert "Please add who took the photo." in dashboard
    assert "Music nights" in dashboard

    # They make the change and send it again: it is back with the convenors.
    response = client.post(
        f"/admin/pages/{post.pk}/edit/", blog_post_form("Music nights", slug=post.slug, action="submit")
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not post.live
    assert "Sent back to you" not in client.get("/admin/").content.decode()


def test_contributors_write_only_in_their_sections(client, home_page, blog, contributor):
    log_in(client, contributor)
    assert client.get(add_url(blog)).status_code == 200
    response = client.get(add_url(home_page, "socialcarefuture/standardpage"))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    response = client.post(
        add_url(home_page, "socialcarefuture/standardpage"), {"title": "Sneaky", "slug": "sneaky"}
    )
    assert not home_page.get_children().filter(slug="sneaky").exists()


def test_a_page_from_the_public_goes_to_the_convenors_like_a_contributors(client, blog, convenor, mailoutbox):
    """How a glimpse suggested on the site reaches the convenors (a blog post
    stands in for it: the mechanism is the same for every section)."""
    suggestion = BlogPostPage(title="A kitchen table in Bolton", slug="a-kitchen-table-in-bolton", live=False)
    blog.add_child(instance=suggestion)

    state = send_for_approval(suggestion)

    suggestion.refresh_from_db()
    assert not suggestion.live
    assert (state.status, state.workflow.name, state.requested_by) == (
        WorkflowState.STATUS_IN_PROGRESS,
        "Convenor approval",
        None,
    )
    assert [message.to for message in mailoutbox] == [[convenor.email]]
    assert "A kitchen table in Bolton" in mailoutbox[0].subject
    # Sending it twice does not start a second workflow or email again.
    assert send_for_approval(suggestion).pk == state.pk
    assert len(mailoutbox) == 1
    # The convenor finds it on the dashboard and approves it.
    log_in(client, convenor)
    assert "A kitchen table in Bolton" in client.get("/admin/").content.decode()
    workflow_action(client, suggestion, "approve")
    suggestion.refresh_from_db()
    assert suggestion.live


def test_only_drafts_in_a_section_with_a_workflow_are_sent(blog, home_page):
    live = BlogPostPage(title="Already out", slug="already-out")
    blog.add_child(instance=live)
    with pytest.raises(ValueError):
        send_for_approval(live)
    WorkflowPage.objects.all().delete()
    draft = BlogPostPage(title="Nowhere to go", slug="nowhere-to-go", live=False)
    blog.add_child(instance=draft)
    with pytest.raises(ImproperlyConfigured, match="register_role_permissions"):
        send_for_approval(draft)


# Personal records: 403 for contributors, on every list, download and record page ----------


def personal_record_viewsets():
    """Every admin listing of records people make (the mailing list, the outbox,
    the consent wordings, and every later app's ConfirmableRecordViewSet)."""
    get_resolver().url_patterns  # noqa: B018 - loading the admin's URLs registers its viewsets
    from wagtail.admin.viewsets import viewsets

    return sorted(
        (viewset for viewset in viewsets.viewsets if isinstance(viewset, ReadOnlyModelViewSet)),
        key=lambda viewset: viewset.name,
    )


def personal_record_urls():
    cases = []
    for viewset in personal_record_viewsets():
        for kind in ("index", "results", "csv", "xlsx", "inspect"):
            cases.append(pytest.param(viewset.name, kind, id=f"{viewset.name}-{kind}"))
    cases.append(pytest.param("personal_data", "page", id="personal-data-requests"))
    return cases


def url_for(name, kind):
    if name == "personal_data":
        return reverse("confirmations_personal_data")
    viewset = next(viewset for viewset in personal_record_viewsets() if viewset.name == name)
    index = reverse(viewset.get_url_name("index"))
    if kind == "results":
        return reverse(viewset.get_url_name("index_results"))
    if kind in ("csv", "xlsx"):
        return f"{index}?export={kind}"
    if kind == "inspect":
        record = viewset.model.objects.order_by("pk").first()
        return reverse(viewset.get_url_name("inspect"), args=[record.pk if record else 1])
    return index


@pytest.fixture
def someone_on_the_list():
    """A confirmed subscriber, with a consent record and emails in the outbox."""
    record = Subscriber.sign_up(
        email="ada@people.example", details={"name": "Ada Lovegood"}, consent=CONSENT, source_path="/"
    ).record
    record.confirm()
    return record


def test_every_kind_of_personal_record_has_an_admin_listing_under_test():
    listed = {viewset.model for viewset in personal_record_viewsets()}
    record_models = {
        model
        for model in apps.get_models()
        if issubclass(model, ConfirmableRecord) and not model._meta.abstract
    }
    assert record_models <= listed
    assert {"subscribers", "outgoing_emails", "consent_wordings"} <= {
        v.name for v in personal_record_viewsets()
    }


@pytest.mark.parametrize(("name", "kind"), personal_record_urls())
def test_a_contributor_gets_403_on_every_personal_record_page(
    client, contributor, someone_on_the_list, name, kind
):
    log_in(client, contributor)
    response = client.get(url_for(name, kind))
    assert response.status_code == 403
    body = response.content.decode()
    assert "ada@people.example" not in body and "Ada Lovegood" not in body
    assert "Only convenors can see it" in body


@pytest.mark.parametrize(("name", "kind"), personal_record_urls())
def test_a_convenor_reaches_every_personal_record_page(client, convenor, someone_on_the_list, name, kind):
    log_in(client, convenor)
    response = client.get(url_for(name, kind))
    viewsets = {viewset.name: viewset for viewset in personal_record_viewsets()}
    if kind == "inspect" and not viewsets[name].model.objects.exists():
        # A later app's records (bookings, pledges) with none made here: the
        # convenor gets past the permission check to "not found", never 403.
        assert response.status_code == 404
        return
    assert response.status_code == 200
    if name == "subscribers" and kind in ("index", "inspect"):
        assert "ada@people.example" in response.content.decode()
