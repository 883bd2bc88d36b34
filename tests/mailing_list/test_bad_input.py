"""Bad input: a clear message beside the field, what was typed kept, a status
below 500, and nothing stored or sent. Also the honeypot and the rate limits."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from socialcarefuture.confirmations.models import ConsentRecord, OutgoingEmail
from socialcarefuture.mailing_list.models import Subscriber
from tests.mailing_list.helpers import post_signup

pytestmark = pytest.mark.django_db

HIDDEN = "Your name must not include hidden formatting characters. Please type it again."
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"

BAD = [
    # (what was sent, the field, the message)
    ({"email": ""}, "email", "Enter your email address"),
    ({"email": "   "}, "email", "Enter your email address"),
    ({"email": "sam"}, "email", EMAIL_FORMAT),
    ({"email": "sam@"}, "email", EMAIL_FORMAT),
    ({"email": "sam@example"}, "email", EMAIL_FORMAT),
    ({"email": "sam@@example.org"}, "email", EMAIL_FORMAT),
    ({"email": "a" * 250 + "@example.org"}, "email", "Email address must be 254 characters or fewer"),
    ({"email": "a@b.com\nBcc: x@y.com"}, "email", EMAIL_FORMAT),
    ({"email": "a@b.com\r\nBcc: x@y.com"}, "email", EMAIL_FORMAT),
    ({"email": "a@b.com, x@y.com"}, "email", EMAIL_FORMAT),
    ({"email": "Sam <a@b.com>"}, "email", EMAIL_FORMAT),
    ({"email": "<script>alert(1)</script>@example.org"}, "email", EMAIL_FORMAT),
    ({"email": "sam\x00@example.org"}, "email", EMAIL_FORMAT),
    ({"email": "sam\u202e@example.org"}, "email", EMAIL_FORMAT),
    ({"email": "sam\u200b@example.org"}, "email", EMAIL_FORMAT),
    ({"name": "<script>alert(1)</script>"}, "name", "Your name must not include < or >"),
    ({"name": "Sam <b>Lee</b>"}, "name", "Your name must not include < or >"),
    ({"name": "Sam\u202eeeL"}, "name", HIDDEN),
    ({"name": "Sam\u2066Lee"}, "name", HIDDEN),
    ({"name": "Sam\x00Lee"}, "name", HIDDEN),
    ({"name": "Sam\nBcc: x@y.com"}, "name", HIDDEN),
    ({"name": "S" * 101}, "name", "Your name must be 100 characters or fewer"),
    ({"interests": ["gatherings", "bitcoin"]}, "interests", "Choose from the list"),
    ({"consent": None}, "consent", "Tick the box to say you are happy for us to email you"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD, ids=[repr(b[0])[:40] for b in BAD])
def test_bad_input_gets_a_clear_message_and_stores_nothing(
    client, site, django_capture_on_commit_callbacks, changes, field, message
):
    response = post_signup(client, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.title.get_text().startswith("Error: ")
    # The summary at the top links to the field; the same message sits beside it.
    summary = page.select_one("[data-error-summary]")
    assert summary["tabindex"] == "-1"
    assert "There is a problem" in summary.get_text()
    link = summary.find("a", string=message)
    assert link, summary.get_text()
    target = page.select_one(link["href"])
    assert target is not None and target.name == "input"
    error = page.select_one(f"#signup-{field}-error")
    assert error.get_text(" ", strip=True) == f"Error: {message}"
    assert error.select_one(".visually-hidden").get_text() == "Error:"
    described = target.get("aria-describedby") or target.find_parent("fieldset").get("aria-describedby")
    assert f"signup-{field}-error" in described
    # Nothing stored, nothing sent.
    assert Subscriber.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0
    assert mail.outbox == []


def test_what_was_typed_is_kept(client, site, django_capture_on_commit_callbacks):
    response = post_signup(
        client,
        django_capture_on_commit_callbacks,
        email="sam@example",
        name="Sam <Lee>",
        interests=["posts", "local"],
        consent=None,
    )
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("#signup-email")["value"] == "sam@example"
    assert page.select_one("#signup-name")["value"] == "Sam <Lee>"
    ticked = [box["value"] for box in page.select("input[name=interests][checked]")]
    assert ticked == ["posts", "local"]
    assert not page.select_one("#signup-consent").has_attr("checked")
    # Escaped, never run.
    assert b"Sam <Lee>" not in response.content


def test_garbage_requests_never_cause_a_server_error(client, site):
    """Each gets the form back with the problems listed (none of them ticked
    the consent box), not a server error."""
    answers = [
        client.post("/mailing-list/", data)
        for data in [{}, {"email": ["a@b.com", "c@d.com"]}, {"interests": "x" * 10_000}, {"source": "\x00"}]
    ]
    answers.append(client.post("/mailing-list/", "not a form", content_type="text/plain"))
    for response in answers:
        assert response.status_code == 200
        page = BeautifulSoup(response.content, "html.parser")
        assert page.title.get_text().startswith("Error: ")
        summary = page.select_one("[data-error-summary]")
        assert summary.find("a", string="Tick the box to say you are happy for us to email you")
    assert Subscriber.objects.count() == 0


def test_the_honeypot_pretends_to_succeed_and_stores_nothing(
    client, site, django_capture_on_commit_callbacks
):
    response = post_signup(client, django_capture_on_commit_callbacks, website_url="http://spam.example")
    assert response.status_code == 303
    assert response["Location"] == "/mailing-list/check-your-inbox/"
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


# Rate limits (off in the test settings; these tests turn them on) ----------------------


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True


def test_three_sign_ups_per_address_per_day(client, site, django_capture_on_commit_callbacks, limits_on):
    for n in range(3):
        Subscriber.objects.update(confirmation_sent_at=None)
        assert (
            post_signup(client, django_capture_on_commit_callbacks, email="sam@example.org").status_code
            == 303
        )
        client.cookies.clear()
        # A different IP each time, so only the per-address limit is in play.
        client.defaults["REMOTE_ADDR"] = f"10.0.0.{n + 1}"
    Subscriber.objects.update(confirmation_sent_at=None)
    response = post_signup(client, django_capture_on_commit_callbacks, email="SAM@example.org ")
    assert response.status_code == 429
    page = BeautifulSoup(response.content, "html.parser")
    assert page.title.get_text().startswith("Error: ")
    assert "we have paused it" in page.select_one("[data-error-summary]").get_text()
    assert page.select_one("main input[name=email]")["value"] == "SAM@example.org "  # kept as typed
    assert int(response["Retry-After"]) > 0
    assert len(mail.outbox) == 3
    # Other addresses are not affected.
    assert (
        post_signup(client, django_capture_on_commit_callbacks, email="alex@example.org").status_code == 303
    )


def test_five_posts_a_minute_per_ip(client, site, django_capture_on_commit_callbacks, limits_on):
    codes = [
        post_signup(client, django_capture_on_commit_callbacks, email=f"person{n}@example.org").status_code
        for n in range(6)
    ]
    assert codes == [303] * 5 + [429]
    assert Subscriber.objects.count() == 5
    # A mistake is still answered with what to fix (it counts only towards the
    # much higher ceiling for scripts).
    assert post_signup(client, django_capture_on_commit_callbacks, email="").status_code == 200
    # Another address is a different person.
    client.defaults["REMOTE_ADDR"] = "10.9.9.9"
    assert post_signup(client, django_capture_on_commit_callbacks, email="z@example.org").status_code == 303


def test_limits_are_off_when_ratelimit_enable_is_off(
    client, site, django_capture_on_commit_callbacks, settings
):
    settings.RATELIMIT_ENABLE = False
    codes = {
        post_signup(client, django_capture_on_commit_callbacks, email=f"p{n}@example.org").status_code
        for n in range(8)
    }
    assert codes == {303}
