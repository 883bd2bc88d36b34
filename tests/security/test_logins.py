"""Login throttling on every login form (django-axes): a username-and-address
pair is locked out after five failures, the message never says whether the
user exists, a line is logged, and a convenor lifts the lockout in the admin."""

import logging

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.factories import StandardPageFactory
from tests.security.helpers import ADMIN_LOGIN, FRONTEND_LOGIN, browser, log_in

pytestmark = pytest.mark.django_db

PASSWORD = "a long and happy garden"


@pytest.fixture
def convenor(django_user_model):
    return django_user_model.objects.create_superuser("robin", "robin@example.org", PASSWORD)


def text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def is_logged_in(client):
    return client.get("/admin/").status_code == 200


def fail(client, username, times, path=ADMIN_LOGIN):
    return [log_in(client, username, "wrong password", path).status_code for _ in range(times)]


def test_five_wrong_passwords_lock_out_that_user_from_that_address(home_page, convenor, caplog):
    client = browser()
    with caplog.at_level(logging.WARNING, logger="socialcarefuture.security.logins"):
        codes = fail(client, "robin", 5)
    # Four ordinary "try again" answers, then the lockout page on the fifth.
    assert codes == [200, 200, 200, 200, 429]
    # Now even the right password is refused, with the same page.
    response = log_in(client, "robin", PASSWORD)
    assert response.status_code == 429
    assert "Too many tries to log in" in text(response)
    assert "Please try again in 15 minutes." in text(response)
    assert int(response["Retry-After"]) == 15 * 60
    assert not is_logged_in(client)
    # One log line says what happened and how to lift it.
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Login locked")]
    assert "'robin' from 203.0.113.7 after 5 failed attempts" in line
    assert "Login lockouts" in line
    # The same user from another address, and another user from this one, are not locked out.
    assert log_in(browser("198.51.100.4"), "robin", PASSWORD).status_code == 302
    assert AccessAttempt.objects.get(username="robin").failures_since_start >= 5


def test_the_lockout_says_nothing_about_whether_the_user_exists(home_page, convenor):
    answers = {}
    for username in ("robin", "nobody-by-this-name"):
        client = browser()
        codes = fail(client, username, 6)
        response = log_in(client, username, PASSWORD)
        answers[username] = (codes, response.status_code, text(response), sorted(response.headers))
    assert answers["robin"] == answers["nobody-by-this-name"]
    # And before the lockout, the message is the same too.
    first = {name: text(log_in(browser("192.0.2.9"), name, "wrong")) for name in answers}
    assert first["robin"] == first["nobody-by-this-name"]


def test_a_success_before_the_limit_starts_the_count_again(home_page, convenor):
    client = browser()
    assert fail(client, "robin", 4) == [200] * 4
    assert log_in(client, "robin", PASSWORD).status_code == 302
    client.post("/admin/logout/")
    assert fail(browser(), "robin", 4) == [200] * 4  # four more are allowed


def test_the_login_for_restricted_pages_is_throttled_too(home_page, convenor):
    client = browser()
    assert fail(client, "robin", 5, FRONTEND_LOGIN) == [200, 200, 200, 200, 429]
    response = log_in(client, "robin", PASSWORD, FRONTEND_LOGIN)
    assert response.status_code == 429 and "Too many tries to log in" in text(response)
    assert "Login lockouts" not in text(response)  # visitors are not told about the admin


def test_the_login_for_restricted_pages_goes_home_without_next(home_page, convenor):
    page = Client().get(FRONTEND_LOGIN)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Log in"
    assert soup.select_one("label[for=id_username]") and soup.select_one("label[for=id_password]")
    response = log_in(browser(), "robin", PASSWORD, FRONTEND_LOGIN)
    assert (response.status_code, response["Location"]) == (302, "/")
    assert browser().get("/").status_code == 200


def test_the_login_for_restricted_pages_says_what_went_wrong(home_page):
    response = log_in(browser(), "robin", "wrong", FRONTEND_LOGIN)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.title.get_text().startswith("Error: ")
    summary = soup.select_one("[data-error-summary]").get_text(" ", strip=True)
    assert "That username and password do not match an account here" in summary
    assert "Please enter" not in summary  # Django's own wording
    assert soup.select_one("input[name=username]")["value"] == "robin"  # kept


def test_the_login_for_restricted_pages_asks_for_what_is_missing(home_page):
    response = log_in(browser(), "", "", FRONTEND_LOGIN)
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one("[data-error-summary]").get_text(" ", strip=True)
    assert "Enter your username" in summary and "Enter your password" in summary


def test_a_restricted_page_sends_people_to_the_login_and_back(home_page, convenor):
    page = StandardPageFactory(parent=home_page, title="Convenors' notes", slug="notes")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    client = browser()
    response = client.get("/notes/")
    assert response.status_code == 302 and response["Location"].startswith(f"{FRONTEND_LOGIN}?next=")
    response = log_in(client, "robin", PASSWORD, FRONTEND_LOGIN, next_url="/notes/")
    assert (response.status_code, response["Location"]) == (302, "/notes/")
    assert client.get("/notes/").status_code == 200


def test_django_admin_is_gone(client, home_page):
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404


# Lifting a lockout in the admin ------------------------------------------------------------


def test_a_convenor_lifts_a_lockout_in_the_admin(home_page, convenor, django_user_model, caplog):
    django_user_model.objects.create_superuser("sam", "sam@example.org", PASSWORD)
    locked = browser("203.0.113.50")
    fail(locked, "sam", 5)
    assert log_in(locked, "sam", PASSWORD).status_code == 429
    fail(browser("203.0.113.60"), "alex", 2)  # failed, not locked

    admin = browser("192.0.2.1")
    assert log_in(admin, "robin", PASSWORD).status_code == 302
    listing = admin.get("/admin/login-lockouts/")
    assert listing.status_code == 200
    rows = {
        row.select_one("td a, td").get_text(strip=True): row.get_text(" ", strip=True)
        for row in BeautifulSoup(listing.content, "html.parser").select("tbody tr")
    }
    assert set(rows) == {"sam", "alex"}
    assert "Locked until" in rows["sam"] and "Not locked" in rows["alex"]
    locked_only = admin.get("/admin/login-lockouts/?locked=true")
    assert "alex" not in text(locked_only) and "sam" in text(locked_only)
    assert "alex" in text(admin.get("/admin/login-lockouts/?q=ale"))

    attempt = AccessAttempt.objects.get(username="sam")
    confirm = admin.get(f"/admin/login-lockouts/unlock/{attempt.pk}/")
    assert "Lift the lockout for “sam” from 203.0.113.50?" in text(confirm)
    token = BeautifulSoup(confirm.content, "html.parser").select_one("input[name=csrfmiddlewaretoken]")
    with caplog.at_level(logging.WARNING, logger="socialcarefuture.security.logins"):
        response = admin.post(
            f"/admin/login-lockouts/unlock/{attempt.pk}/", {"csrfmiddlewaretoken": token["value"]}
        )
    assert response.status_code == 302
    assert "Login lockout lifted: username 'sam' from 203.0.113.50, by robin" in caplog.text
    assert not AccessAttempt.objects.filter(username="sam").exists()
    # Sam can log in again at once.
    assert log_in(locked, "sam", PASSWORD).status_code == 302


def test_lifting_a_lockout_needs_its_permission(home_page, convenor, django_user_model):
    fail(browser("203.0.113.50"), "sam", 5)
    attempt = AccessAttempt.objects.get()
    editors = Group.objects.create(name="Web editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = django_user_model.objects.create_user("lee", "lee@example.org", PASSWORD)
    editor.groups.add(editors)
    client = browser("192.0.2.2")
    assert log_in(client, "lee", PASSWORD).status_code == 302
    assert client.get("/admin/login-lockouts/").status_code == 302  # sent away: no permission
    assert client.post(f"/admin/login-lockouts/unlock/{attempt.pk}/").status_code in (302, 403)
    assert AccessAttempt.objects.exists()
    editors.permissions.add(
        Permission.objects.get(codename="view_accessattempt"),
        Permission.objects.get(codename="delete_accessattempt"),
    )
    assert client.get("/admin/login-lockouts/").status_code == 200


# Page passwords --------------------------------------------------------------------------


def test_wrong_page_passwords_are_limited_per_address(home_page, settings):
    settings.RATELIMIT_ENABLE = True
    page = StandardPageFactory(parent=home_page, title="Steering group", slug="steering")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="sunflower"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    client = Client(REMOTE_ADDR="203.0.113.70")
    assert client.get("/steering/").status_code == 200  # the password form
    codes = [
        client.post(url, {"password": f"guess {n}", "return_url": "/steering/"}).status_code
        for n in range(11)
    ]
    assert codes == [200] * 10 + [429]
    # Even the right one waits now...
    assert client.post(url, {"password": "sunflower", "return_url": "/steering/"}).status_code == 429
    # ...but not from another address.
    other = Client(REMOTE_ADDR="198.51.100.70")
    response = other.post(url, {"password": "sunflower", "return_url": "/steering/"})
    assert (response.status_code, response["Location"]) == (302, "/steering/")
