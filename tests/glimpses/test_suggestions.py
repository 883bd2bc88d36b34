"""Suggesting a glimpse at /glimpses/share/: the form and its errors (GOV.UK
style, what was typed kept), one record per suggestion, the confirmation link
from the real email, and then exactly one draft glimpse in moderation, with
emails to the convenors and to the person."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from wagtail.models import WorkflowState

from glimpses.forms import CONSENT
from glimpses.models import GlimpsePage, GlimpseSuggestion
from socialcarefuture.confirmations.models import ConsentRecord, OutgoingEmail
from socialcarefuture.models import SiteSettings
from socialcarefuture.publishing.roles import CONTRIBUTORS, CONVENORS
from tests.glimpses.helpers import GOOD, emails_to, link_in, post_suggestion

pytestmark = pytest.mark.django_db

CONTACT = "hello@socialcarefuture.example.org"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text().split())


@pytest.fixture
def site(glimpses, themes, home_page):
    """The glimpses page with three themes, a contact address in the site
    settings, a convenor (who may publish) and a contributor (who may not)."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    settings = SiteSettings.for_site(Site.objects.get())
    settings.contact_email = CONTACT
    settings.save()
    users = get_user_model()
    moderator = users.objects.create_user("morgan", "morgan.moderator@example.org", "pw")
    moderator.groups.add(Group.objects.get(name=CONVENORS))
    editor = users.objects.create_user("eddie", "eddie.editor@example.org", "pw")
    editor.groups.add(Group.objects.get(name=CONTRIBUTORS))
    return glimpses


@pytest.fixture
def suggested(client, site, django_capture_on_commit_callbacks):
    """A good suggestion, waiting for its confirmation."""
    post_suggestion(client, django_capture_on_commit_callbacks)
    return GlimpseSuggestion.objects.get()


def confirm(client, capture, suggestion=None, message=None):
    """Follow the link in the confirmation email and press the button."""
    message = message or next(m for m in mail.outbox if "confirm your suggestion" in m.subject)
    path = link_in(message, "confirm")
    with capture(execute=True):
        return client.post(path)


# The form -----------------------------------------------------------------------------------------


def test_the_form_is_its_own_private_page_with_labels_hints_and_an_unticked_consent(client, site):
    response = client.get("/glimpses/share/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")  # it carries a CSRF token
    page = soup(response)
    assert text(page.h1) == "Suggest a glimpse of the future"
    form = page.select_one("main form")
    assert form["method"] == "post" and form.select_one("input[name=csrfmiddlewaretoken]")
    for control in form.select("input:not([type=hidden]), select, textarea"):
        if control["name"] == "website_url":
            continue  # the honeypot, hidden from everyone
        assert form.select_one(f"label[for={control['id']}]"), control["name"]
    assert [text(legend) for legend in form.select("legend.suggest-form__legend")] == [
        "About you",
        "About the glimpse",
    ]
    email = form.select_one("input[name=email]")
    assert email["type"] == "email" and email["autocomplete"] == "email"
    assert [option["value"] for option in form.select("select[name=region] option")][:3] == [
        "",
        "north-east",
        "north-west",
    ]
    themes = [text(label) for label in form.select(".form-field--themes label")]
    assert themes == ["A home of your own", "Friendship and belonging", "Speaking up"]
    consent = form.select_one("input[name=consent]")
    assert not consent.has_attr("checked")
    assert text(form.select_one(f"label[for={consent['id']}]")) == CONSENT.text
    trap = form.select_one(".honeypot")
    assert trap["aria-hidden"] == "true" and trap.select_one("input")["tabindex"] == "-1"
    steps = text(page.select_one(".suggest-page__aside"))
    assert "We email you when it is published, or if we decide not to use it." in steps


def test_errors_are_summarised_beside_each_field_and_what_was_typed_is_kept(client, site):
    response = client.post(
        "/glimpses/share/",
        {
            **GOOD,
            "name": "",
            "email": "priya@example",
            "title": "<b>Gigs</b>",
            "region": "atlantis",
            "themes": ["friendship", "nope"],
            "story": "Too short",
            "website": "not a web address",
            "consent": "",
        },
    )
    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Error: ")
    summary = page.select_one("[data-error-summary]")
    assert text(summary.h2) == "There is a problem"
    links = {text(a): a["href"] for a in summary.select("a")}
    assert links == {
        "Enter your name": "#suggest-name",
        "Enter an email address in the correct format, like name@example.com": "#suggest-email",
        "What it is called must not include < or >": "#suggest-title",
        "Choose a part of England from the list": "#suggest-region",
        "Choose themes from the list": "#suggest-themes_0",
        "Tell us a little more: at least 20 characters": "#suggest-story",
        "Enter a web address in the correct format, like https://www.example.org": "#suggest-website",
        "Tick the box so that we can email you about your suggestion": "#suggest-consent",
    }
    for target in links.values():
        assert page.select_one(target) is not None
    # Each message is beside its field, tied to it for screen readers.
    story = page.select_one("#suggest-story")
    assert "suggest-story-error" in story["aria-describedby"]
    assert (
        text(page.select_one("#suggest-story-error"))
        == "Error: Tell us a little more: at least 20 characters"
    )
    # What was typed is kept.
    assert page.select_one("#suggest-email")["value"] == "priya@example"
    assert page.select_one("#suggest-title")["value"] == "<b>Gigs</b>"
    assert story.get_text().strip() == "Too short"
    assert page.select_one("#suggest-connection")["value"] == "I help to run it"
    assert page.select_one("#suggest-website")["value"] == "not a web address"
    assert page.select_one("input[name=themes][value=friendship]").has_attr("checked")
    assert GlimpseSuggestion.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


# A good suggestion ---------------------------------------------------------------------------------


def test_a_good_suggestion_makes_one_record_with_consent_and_sends_a_confirmation_link(
    client, site, django_capture_on_commit_callbacks
):
    response = post_suggestion(client, django_capture_on_commit_callbacks)
    assert (response.status_code, response["Location"]) == (303, "/glimpses/share/check-your-email/")
    suggestion = GlimpseSuggestion.objects.get()
    assert suggestion.status == "pending"
    assert (suggestion.email, suggestion.email_normalised) == (
        "Priya.Shah@Example.org",
        "priya.shah@example.org",
    )
    assert (suggestion.name, suggestion.connection, suggestion.title) == (
        "Priya Shah",
        "I help to run it",
        "Late-night gigs with a gig buddy",
    )
    assert (suggestion.place, suggestion.region) == ("Bristol", "south-west")
    assert sorted(theme.slug for theme in suggestion.themes.all()) == ["friendship", "speaking-up"]
    assert suggestion.story.startswith("Volunteers who love music") and "\n\nNights out" in suggestion.story
    assert suggestion.website == "https://night-owls.example.org"
    consent = ConsentRecord.objects.get()
    assert consent.about == suggestion and consent.consent_text.text == CONSENT.text
    assert consent.source_path == "/glimpses/share/"
    assert consent.choices == {"themes": ["friendship", "speaking-up"], "region": "south-west"}
    # Nothing for the convenors yet, and no page: first the person confirms.
    assert not GlimpsePage.objects.exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Priya.Shah@Example.org"]
    assert message.subject == "Please confirm your suggestion for Social Care Future"
    assert "Late-night gigs with a gig buddy" in message.body and "Bristol, South West" in message.body
    assert link_in(message, "confirm")
    html = message.alternatives[0][0]
    assert "Yes, send my suggestion" in html


def test_the_check_your_email_page_says_what_happens_next(client, site):
    page = soup(client.get("/glimpses/share/check-your-email/"))
    assert text(page.h1) == "Check your email"
    assert "Yes, send my suggestion" in text(page.select_one(".steps"))
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert [text(li) for li in page.select(".breadcrumbs li")] == [
        "Home",
        "Glimpses of the future",
        "Suggest a glimpse",
        "Check your email",
    ]


def test_the_same_suggestion_again_is_the_same_record(client, site, django_capture_on_commit_callbacks):
    post_suggestion(client, django_capture_on_commit_callbacks)
    post_suggestion(
        client,
        django_capture_on_commit_callbacks,
        email="  priya.shah@EXAMPLE.org ",
        title="Late night gigs, with a gig-buddy!",
        story="A second, longer telling of the same story about gigs.",
        themes=["home"],
    )
    suggestion = GlimpseSuggestion.objects.get()
    # Still waiting, so the newer details are kept.
    assert suggestion.title == "Late night gigs, with a gig-buddy!"
    assert suggestion.story == "A second, longer telling of the same story about gigs."
    assert [theme.slug for theme in suggestion.themes.all()] == ["home"]
    # A repeat within two minutes sends no second email.
    assert len(mail.outbox) == 1


def test_another_suggestion_from_the_same_person_is_another_record(
    client, site, django_capture_on_commit_callbacks
):
    post_suggestion(client, django_capture_on_commit_callbacks)
    post_suggestion(client, django_capture_on_commit_callbacks, title="A library of things")
    assert sorted(GlimpseSuggestion.objects.values_list("title", flat=True)) == [
        "A library of things",
        "Late-night gigs with a gig buddy",
    ]
    assert len(mail.outbox) == 2


def test_a_bot_filling_the_honeypot_is_answered_the_same_and_nothing_is_kept(
    client, site, django_capture_on_commit_callbacks
):
    response = post_suggestion(client, django_capture_on_commit_callbacks, website_url="http://spam.example")
    assert (response.status_code, response["Location"]) == (303, "/glimpses/share/check-your-email/")
    assert not GlimpseSuggestion.objects.exists() and not mail.outbox


def test_too_many_suggestions_from_one_place_get_a_friendly_page(
    client, site, settings, django_capture_on_commit_callbacks
):
    settings.RATELIMIT_ENABLE = True
    for number in range(5):
        assert (
            post_suggestion(client, django_capture_on_commit_callbacks, title=f"Idea {number}").status_code
            == 303
        )
    response = post_suggestion(client, django_capture_on_commit_callbacks, title="One too many")
    assert response.status_code == 429
    assert "Suggest a glimpse" in text(soup(response).select_one(".breadcrumbs"))
    assert GlimpseSuggestion.objects.count() == 5


# Confirming ------------------------------------------------------------------------------------------


def test_the_confirm_link_shows_a_button_and_only_the_post_confirms(client, suggested):
    path = link_in(mail.outbox[0], "confirm")
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    page = soup(response)
    assert text(page.h1) == "Send your suggestion"
    assert page.select_one("main form button").get_text() == "Yes, send my suggestion"
    suggestion = GlimpseSuggestion.objects.get()
    assert suggestion.status == "pending" and not GlimpsePage.objects.exists()


def test_the_links_buttons_work_in_a_real_browser_which_sends_origin_null(
    suggested, site, django_capture_on_commit_callbacks
):
    """The token pages say ``Referrer-Policy: no-referrer``, so a browser posts
    their button with ``Origin: null`` and no CSRF token: the signed token in
    the address is the proof, and Django's CSRF check must not refuse it."""
    browser = Client(enforce_csrf_checks=True)
    confirm = link_in(mail.outbox[0], "confirm")
    assert browser.get(confirm)["Referrer-Policy"] == "no-referrer"
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(confirm, HTTP_ORIGIN="null")
    assert (response.status_code, response["Location"]) == (303, "/glimpses/share/thank-you/")
    assert GlimpsePage.objects.get().suggestion == suggested
    received = emails_to(GOOD["email"])[-1]
    response = browser.post(link_in(received, "withdraw"), HTTP_ORIGIN="null")
    assert (response.status_code, response["Location"]) == (303, "/glimpses/share/withdrawn/")


def test_confirming_makes_exactly_one_draft_glimpse_in_moderation(
    client, suggested, site, django_capture_on_commit_callbacks
):
    response = confirm(client, django_capture_on_commit_callbacks)
    assert (response.status_code, response["Location"]) == (303, "/glimpses/share/thank-you/")
    suggestion = GlimpseSuggestion.objects.get()
    assert suggestion.status == "confirmed"
    assert suggestion.consents.get().confirmed_at is not None

    draft = GlimpsePage.objects.get()
    assert draft.get_parent().specific == site
    assert (draft.live, draft.has_unpublished_changes, draft.first_published_at) == (False, True, None)
    assert draft.suggestion == suggestion
    assert (draft.title, draft.slug) == (
        "Late-night gigs with a gig buddy",
        "late-night-gigs-with-a-gig-buddy",
    )
    assert draft.summary == "Volunteers who love music go to gigs with people with learning disabilities."
    assert (draft.place, draft.region, draft.more_url) == (
        "Bristol",
        "south-west",
        "https://night-owls.example.org",
    )
    assert sorted(theme.slug for theme in draft.themes.all()) == ["friendship", "speaking-up"]
    paragraphs = draft.body[0].value.source
    assert (
        paragraphs.startswith("<p>Volunteers who love music") and "o&#x27;clock &amp; everyone" in paragraphs
    )
    assert paragraphs.count("<p>") == 2
    # In moderation, as Wagtail understands it: the workflow the glimpses page has.
    assert draft.workflow_in_progress
    state = draft.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow == site.get_workflow()
    assert draft.current_workflow_task is not None
    assert draft.get_latest_revision() is not None
    # Nothing is published without a convenor.
    assert not GlimpsePage.objects.live().exists()
    assert client.get(f"/glimpses/{draft.slug}/").status_code == 404


def test_the_convenors_and_the_person_get_an_email(
    client, suggested, site, django_capture_on_commit_callbacks
):
    confirm(client, django_capture_on_commit_callbacks)
    draft = GlimpsePage.objects.get()
    # The contact address in the site settings, and everyone who may publish glimpses.
    for address in (CONTACT, "morgan.moderator@example.org"):
        [message] = [m for m in emails_to(address) if m.subject.startswith("New glimpse suggestion")]
        assert message.subject == "New glimpse suggestion to review: Late-night gigs with a gig buddy"
        assert f"http://testserver/admin/pages/{draft.pk}/edit/" in message.body
        assert "Name: Priya Shah" in message.body and "Email: Priya.Shah@Example.org" in message.body
        assert "Their connection to it: I help to run it" in message.body
        assert CONSENT.text in message.body
    # An editor, who may not publish, is not told.
    assert not any(m.subject.startswith("New glimpse") for m in emails_to("eddie.editor@example.org"))
    [received] = [m for m in emails_to("Priya.Shah@Example.org") if "with our convenors" in m.subject]
    assert "When it is published, we email you a link to it." in received.body
    assert link_in(received, "withdraw")


def test_the_thank_you_page_says_what_happens_next(client, site):
    page = soup(client.get("/glimpses/share/thank-you/"))
    assert text(page.h1) == "Thank you for your suggestion"
    steps = text(page.select_one(".steps"))
    assert "When it is published, we email you a link to it." in steps
    assert "If we decide not to use it, we email you to say so, and then delete your details." in steps


def test_confirming_twice_makes_one_draft_and_says_so(client, suggested, django_capture_on_commit_callbacks):
    confirm(client, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    confirm(client, django_capture_on_commit_callbacks)
    assert GlimpsePage.objects.count() == 1
    assert len(mail.outbox) == sent
    page = soup(client.get(link_in(mail.outbox[0], "confirm")))
    assert text(page.h1) == "We have your suggestion"


def test_a_confirmed_suggestion_sent_again_changes_nothing_and_tells_the_owner(
    client, suggested, django_capture_on_commit_callbacks
):
    confirm(client, django_capture_on_commit_callbacks)
    GlimpseSuggestion.objects.update(confirmation_sent_at=None)  # long ago
    post_suggestion(
        client, django_capture_on_commit_callbacks, name="Someone Else", story="A stranger's version of it."
    )
    suggestion = GlimpseSuggestion.objects.get()
    assert suggestion.name == "Priya Shah" and suggestion.story.startswith("Volunteers")
    assert mail.outbox[-1].subject == "We already have your suggestion for Social Care Future"
    assert GlimpsePage.objects.count() == 1


def test_two_suggestions_confirmed_get_their_own_drafts_with_their_own_addresses(
    client, site, django_capture_on_commit_callbacks
):
    post_suggestion(client, django_capture_on_commit_callbacks)
    post_suggestion(client, django_capture_on_commit_callbacks, email="sam@example.org", name="Sam")
    for message in [m for m in mail.outbox if "confirm your suggestion" in m.subject]:
        confirm(client, django_capture_on_commit_callbacks, message=message)
    slugs = sorted(GlimpsePage.objects.values_list("slug", flat=True))
    assert slugs == ["late-night-gigs-with-a-gig-buddy", "late-night-gigs-with-a-gig-buddy-2"]


def test_a_suggestion_called_share_does_not_take_the_forms_address(
    client, site, django_capture_on_commit_callbacks
):
    post_suggestion(client, django_capture_on_commit_callbacks, title="Share")
    confirm(client, django_capture_on_commit_callbacks)
    assert GlimpsePage.objects.get().slug == "share-2"
    assert client.get("/glimpses/share/").status_code == 200


def test_a_tampered_or_expired_link_gets_a_clear_page(client, suggested, monkeypatch):
    path = link_in(mail.outbox[0], "confirm")
    response = client.get(path[:-5] + "xxxx/")
    assert response.status_code == 404
    assert text(soup(response).h1) == "This link does not work"
    assert soup(response).select_one("main a.button")["href"] == "/glimpses/share/"
    monkeypatch.setattr(GlimpseSuggestion, "confirm_max_age", datetime.timedelta(seconds=-1))
    assert client.get(path).status_code == 410


def test_the_draft_shows_convenors_who_sent_it_and_their_consent(
    client, admin_client, suggested, django_capture_on_commit_callbacks
):
    confirm(client, django_capture_on_commit_callbacks)
    draft = GlimpsePage.objects.get()
    page = soup(admin_client.get(f"/admin/pages/{draft.pk}/edit/"))
    panel = text(page)
    assert "Suggested by a member of the public" in panel
    assert "Priya Shah (Priya.Shah@Example.org) suggested this" in panel
    assert "Their connection to it: I help to run it" in panel
    assert CONSENT.text in panel
    record_link = page.find("a", string="See their record and the emails we sent them")
    record = admin_client.get(record_link["href"])
    assert record.status_code == 200 and "Late-night gigs with a gig buddy" in record.content.decode()


def test_people_who_may_not_see_personal_details_do_not_see_them_on_the_draft(
    client, suggested, django_capture_on_commit_callbacks
):
    confirm(client, django_capture_on_commit_callbacks)
    draft = GlimpsePage.objects.get()
    editor = Client()
    editor.login(username="eddie", password="pw")
    response = editor.get(f"/admin/pages/{draft.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "A member of the public suggested this." in html
    assert "Priya.Shah@Example.org" not in html and "Priya Shah" not in html


def test_suggestions_are_in_the_personal_records_admin(admin_client, suggested):
    html = admin_client.get("/admin/glimpse_suggestions/").content.decode()
    assert "Late-night gigs with a gig buddy" in html and "Waiting for them to confirm" in html
    html = admin_client.get("/admin/glimpse_suggestions/?q=library").content.decode()
    assert "Late-night gigs" not in html
    assert admin_client.get("/admin/glimpse_suggestions/?region=south-west").status_code == 200
    inspect = text(soup(admin_client.get(f"/admin/glimpse_suggestions/inspect/{suggested.pk}/")))
    assert CONSENT.text in inspect and "I help to run it" in inspect
