"""What the convenors decide about a suggested glimpse, through Wagtail's own
publishing and workflow: published, the person gets its link (once);
declined (changes requested, workflow cancelled, or draft deleted), the person
is told and then their record is deleted. Taking a suggestion back, and
personal data requests, cover suggestions too."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.delete_page import DeletePageAction
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Site

from glimpses.models import GlimpsePage, GlimpseSuggestion
from socialcarefuture.confirmations import subject_data
from socialcarefuture.confirmations.models import ConsentRecord, OutgoingEmail
from socialcarefuture.models import SiteSettings
from tests.glimpses.helpers import emails_to, link_in, post_suggestion

pytestmark = pytest.mark.django_db

PERSON = "Priya.Shah@Example.org"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def draft(client, glimpses, themes, django_capture_on_commit_callbacks):
    """A suggestion, confirmed: its draft glimpse is in moderation."""
    settings = SiteSettings.for_site(Site.objects.get())
    settings.contact_email = "hello@socialcarefuture.example.org"
    settings.save()
    post_suggestion(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(mail.outbox[0], "confirm"))
    page = GlimpsePage.objects.get()
    assert page.workflow_in_progress
    return page


@pytest.fixture
def convenor(db):
    return get_user_model().objects.create_superuser("convenor", "convenor@example.org", "pw")


def person_emails(subject_start):
    return [message for message in emails_to(PERSON) if message.subject.startswith(subject_start)]


def publish(page, user, capture):
    with capture(execute=True):
        page.get_latest_revision().publish(user=user)


def assert_declined_and_forgotten(page):
    [message] = person_emails("About your suggestion")
    assert "decided not to publish it" in message.body
    assert "we have now deleted your details and your suggestion" in message.body
    assert "/glimpses/share/" in message.body
    # The record and everything kept with it are gone; the email was still sent.
    assert not GlimpseSuggestion.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert not OutgoingEmail.objects.exclude(kind="glimpses.declined").filter(to__iexact=PERSON).exists()
    assert OutgoingEmail.objects.get(kind="glimpses.declined").status == "sent"
    page.refresh_from_db()
    assert page.suggestion is None and not page.live
    assert not person_emails("Your glimpse")


# Published ----------------------------------------------------------------------------------------


def test_publishing_in_the_admin_tells_the_person_once_with_the_link(
    client, draft, convenor, django_capture_on_commit_callbacks
):
    client.force_login(convenor)
    edit = soup(client.get(f"/admin/pages/{draft.pk}/edit/"))
    assert "Priya Shah" in edit.get_text()
    data = {
        "title": draft.title,
        "slug": draft.slug,
        "summary": "Friends who go to gigs together.",
        "region": "south-west",
        "place": "Bristol",
        "organisation": "Night Owls Club",
        "organisation_url": "",
        "themes": [theme.pk for theme in draft.themes.all()],
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-value": json.dumps({"blocks": [{"key": "a", "type": "unstyled", "text": "Nights out.", "depth": 0,
                                               "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}),
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-id": "",
        "highlights-count": "0",
        "more_url": "",
        "more_text": "",
        "easy_read_version": "",
        "easy_read_document": "",
        "listing_summary": "",
        "social_text": "",
        "action-publish": "action-publish",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{draft.pk}/edit/", data)
    assert response.status_code == 302, soup(response).select(".error-message")
    draft.refresh_from_db()
    assert draft.live and draft.summary == "Friends who go to gigs together."
    [message] = person_emails("Your glimpse of the future is on our website")
    assert f"http://testserver{draft.url}" in message.body
    assert link_in(message, "withdraw")
    suggestion = GlimpseSuggestion.objects.get()
    assert suggestion.told_published_at is not None
    # Publishing ends the workflow too, and that is not taken for a refusal.
    assert not draft.workflow_in_progress
    assert not person_emails("About your suggestion")
    # Publishing again later sends nothing more.
    publish(draft, convenor, django_capture_on_commit_callbacks)
    assert len(person_emails("Your glimpse")) == 1


def test_approving_in_the_workflow_publishes_and_tells_the_person(
    client, draft, convenor, django_capture_on_commit_callbacks
):
    client.force_login(convenor)
    task_state = draft.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"comment": ""})
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.live
    assert len(person_emails("Your glimpse of the future is on our website")) == 1
    assert GlimpseSuggestion.objects.get().status == "confirmed"


def test_scheduling_publication_is_not_a_refusal(draft, convenor, django_capture_on_commit_callbacks):
    draft.go_live_at = timezone.now() + datetime.timedelta(days=3)
    revision = draft.save_revision(user=convenor)
    publish(draft, convenor, django_capture_on_commit_callbacks)
    draft.refresh_from_db()
    assert not draft.live and draft.scheduled_revision == revision
    assert GlimpseSuggestion.objects.exists()
    assert not person_emails("About your suggestion") and not person_emails("Your glimpse")


# Declined --------------------------------------------------------------------------------------------


def test_requesting_changes_in_the_workflow_declines_tells_and_forgets(
    client, draft, convenor, django_capture_on_commit_callbacks
):
    suggestion = GlimpseSuggestion.objects.get()
    log(instance=suggestion, action="wagtail.edit", user=convenor)  # admin history names them
    assert ModelLogEntry.objects.filter(object_id=str(suggestion.pk), content_type__model="glimpsesuggestion")
    client.force_login(convenor)
    task_state = draft.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "reject", task_state.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"comment": "Not for us this time"})
    assert response.status_code in (200, 302)
    assert_declined_and_forgotten(draft)
    assert "Not for us this time" not in person_emails("About your suggestion")[0].body
    assert not ModelLogEntry.objects.filter(
        object_id=str(suggestion.pk), content_type__model="glimpsesuggestion"
    )
    # The draft stays for the convenors, with nobody's details on it.
    html = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert "Suggested by a member of the public" not in html and "Priya" not in html


def test_cancelling_the_workflow_declines(draft, convenor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft.current_workflow_state.cancel(user=convenor)
    assert_declined_and_forgotten(draft)


def test_deleting_the_draft_declines(draft, convenor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        DeletePageAction(draft, user=convenor).execute()
    [message] = person_emails("About your suggestion")
    assert "decided not to publish it" in message.body
    assert not GlimpseSuggestion.objects.exists() and not GlimpsePage.objects.exists()


def test_nothing_is_declined_twice(draft, convenor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft.current_workflow_state.cancel(user=convenor)
        DeletePageAction(GlimpsePage.objects.get(), user=convenor).execute()
    assert len(person_emails("About your suggestion")) == 1


def test_a_published_glimpse_deleted_later_sends_no_refusal(
    draft, convenor, django_capture_on_commit_callbacks
):
    publish(draft, convenor, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        DeletePageAction(GlimpsePage.objects.get(), user=convenor).execute()
    assert not person_emails("About your suggestion")


# Taking it back ------------------------------------------------------------------------------------


def withdraw_link():
    received = next(m for m in emails_to(PERSON) if "with our convenors" in m.subject)
    return link_in(received, "withdraw")


def test_taking_it_back_before_it_is_published_deletes_the_draft(
    client, draft, django_capture_on_commit_callbacks
):
    path = withdraw_link()
    page = soup(client.get(path))
    assert page.h1.get_text() == "Take back your suggestion?"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    assert (response.status_code, response["Location"]) == (303, "/glimpses/share/withdrawn/")
    assert not GlimpsePage.objects.exists()
    suggestion = GlimpseSuggestion.objects.get()
    assert suggestion.status == "withdrawn"
    assert (suggestion.name, suggestion.connection, suggestion.story, suggestion.place) == ("", "", "", "")
    assert not suggestion.themes.exists()
    assert suggestion.consents.get().withdrawn_at is not None
    # Taking it back is not a refusal: no "declined" email.
    assert not person_emails("About your suggestion")
    assert soup(client.get(path)).h1.get_text() == "You took your suggestion back"


def test_taking_it_back_after_publication_keeps_the_glimpse(
    client, draft, convenor, django_capture_on_commit_callbacks
):
    publish(draft, convenor, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(withdraw_link())
    glimpse = GlimpsePage.objects.get()
    assert glimpse.live and glimpse.suggestion is None
    assert client.get(glimpse.url).status_code == 200
    assert GlimpseSuggestion.objects.get().status == "withdrawn"


def test_suggesting_it_again_after_taking_it_back_starts_again(
    client, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(withdraw_link())
    post_suggestion(client, django_capture_on_commit_callbacks)
    suggestion = GlimpseSuggestion.objects.get()
    assert suggestion.status == "pending" and suggestion.name == "Priya Shah"
    confirm_message = [m for m in mail.outbox if "confirm your suggestion" in m.subject][-1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(confirm_message, "confirm"))
    assert GlimpsePage.objects.get().suggestion == suggestion


# Personal data -----------------------------------------------------------------------------------------


def test_a_personal_data_export_holds_everything_about_the_suggestion(draft):
    data = subject_data.export(PERSON)
    [record] = [record for record in data["records"] if record["held_in"] == "Glimpse suggestions"]
    assert record["email"] == PERSON and record["name"] == "Priya Shah"
    assert record["title"] == "Late-night gigs with a gig buddy"
    assert record["connection"] == "I help to run it"
    assert (record["place"], record["region"]) == ("Bristol", "South West")
    assert record["themes"] == ["Friendship and belonging", "Speaking up"]
    assert record["story"].startswith("Volunteers who love music")
    assert record["website"] == "https://night-owls.example.org"
    assert record["glimpse_page"] == "a draft, not yet published"
    assert record["consents"][0]["wording"].startswith("Yes, Social Care Future's convenors may email me")
    subjects = [email["subject"] for email in record["emails_we_sent_or_will_send"]]
    assert "Please confirm your suggestion for Social Care Future" in subjects
    assert any(subject.startswith("New glimpse suggestion to review") for subject in subjects)


def test_erasing_a_person_removes_their_suggestion_but_not_the_glimpse(draft, convenor):
    summary = dict(subject_data.erase(PERSON))
    assert summary["Glimpse suggestions"] == 1
    assert not GlimpseSuggestion.objects.exists()
    draft.refresh_from_db()
    assert draft.suggestion is None
    assert not OutgoingEmail.objects.filter(to__iexact=PERSON).exists()
