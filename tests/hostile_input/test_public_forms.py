"""One hostile-input suite for every public form, filter and login form (registry.py).

The same list of nasty inputs goes into every field people type into: empty,
10,000 characters, a 1 MB body, HTML and script, quotes, NUL and control
characters, invalid UTF-8, bidi and zero-width characters, CR/LF header
injection, emoji, arrays for single values, wrong methods, a missing CSRF
token where the form uses one, and silly page numbers. Every answer must be
below 500, echo nothing unescaped, store nothing unless it accepted the input,
and, when it refuses, say what to fix beside the field.

With the rate limits on, every form also answers a burst of good submissions,
and a burst of mistakes, with itself again: what was typed kept, a plain message,
status 429. Every login form takes the same nasty input calmly, locks a
username-and-address pair out after five failures, and never says whether the
username exists.
"""

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.db import connection
from django.test import Client
from wagtail.models import Page, Revision

from socialcarefuture.confirmations.models import OutgoingEmail
from tests.hostile_input.registry import FILTERS, FORMS, LOGIN_FORMS

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('owned')</script>"

# (id, value): what goes into one field people type into.
TEXT_PAYLOADS = [
    ("empty", ""),
    ("spaces", "   \t  "),
    ("ten-thousand", "x" * 10_000),
    ("script", SCRIPT),
    ("html", '<img src=x onerror="alert(1)"><b>bold</b>'),
    ("quotes", 'O\'Brien "the" `tick` ; DROP TABLE pages; --'),
    ("nul", "Sam\x00Lee"),
    ("control", "Sam\x07\x1bLee"),
    ("bidi", "Sam\u202eeeL"),
    ("zero-width", "Sam\u200bLee"),
    ("crlf", "Sam\r\nBcc: victim@example.org"),
    ("emoji", "Sunflower \U0001f33b Lee"),
    ("combining", "Z\u0335\u0321a\u0337l\u0336g\u0338o"),
    ("lone-surrogate-escape", "Sam\\ud800Lee"),
]

# Values for a GET parameter; some arrive percent-encoded exactly as written.
QUERY_PAYLOADS = [
    ("script", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    ("nul", "a%00b"),
    ("ten-thousand", "x" * 10_000),
    ("invalid-utf8", "%FF%FE%FD"),
    ("bidi", "%E2%80%AEabc"),
    ("crlf", "news%0D%0ASet-Cookie:%20owned=1"),
    ("emoji", "%F0%9F%8C%BB"),
    ("quotes", "%22%27%3B--"),
    ("empty", ""),
]

PAGE_NUMBERS = ["-1", "0", "abc", "1.5", "9" * 30, "%00", "2%0D%0A"]


def project_row_counts():
    """Rows in every table of our own apps, plus pages and revisions: what
    "store nothing" means."""
    ours = {"socialcarefuture", "blog", "glimpses", "gatherings", "pledge"}
    tables = {
        model._meta.label: model._meta.db_table
        for model in apps.get_models()
        if model.__module__.split(".")[0] in ours and not model._meta.abstract and model._meta.managed
    }
    tables["pages"] = Page._meta.db_table
    tables["revisions"] = Revision._meta.db_table
    # One round trip for them all (a query per table made this suite's
    # hundreds of tests a minute slower).
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables.values())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def assert_no_echo(response):
    body = response.content.decode("utf-8", "replace")
    assert "<script>alert" not in body
    assert 'onerror="alert' not in body
    assert "owned=1" not in response.get("Set-Cookie", "")
    for name, value in response.headers.items():
        assert "\n" not in value and "\r" not in value, name


def assert_says_what_to_fix(response, field=None):
    """A refusal: the GOV.UK error summary, each message linked to its field."""
    page = BeautifulSoup(response.content, "html.parser")
    summary = page.select_one("[data-error-summary]")
    assert summary is not None, "no error summary"
    links = summary.select("a[href^='#']")
    assert links, summary.get_text()
    for link in links:
        assert page.select_one(link["href"]) is not None, f"{link['href']} points at nothing"
    if field is not None:
        error = page.select_one(f"[id$='-{field}-error']")
        assert error is not None and error.get_text(strip=True), f"no message beside {field}"


def assert_no_header_injection_in_outbox():
    for email in OutgoingEmail.objects.all():
        for value in (email.to, email.subject, *email.headers.values()):
            assert "\r" not in value and "\n" not in value


def form_cases():
    for form in FORMS:
        for field_name in form.text_fields:
            for payload_id, value in TEXT_PAYLOADS:
                yield pytest.param(form, field_name, value, id=f"{form}-{field_name}-{payload_id}")


def filter_cases():
    for target in FILTERS:
        for param in target.params:
            for payload_id, value in QUERY_PAYLOADS:
                yield pytest.param(target, param, value, id=f"{target}-{param}-{payload_id}")


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def post_form(client, path, data):
    """POST the form as a browser would: fetch it first for its CSRF cookie and token."""
    page = client.get(path)
    assert page.status_code == 200, f"{path} answered {page.status_code}"
    token = BeautifulSoup(page.content, "html.parser").select_one("input[name=csrfmiddlewaretoken]")
    if token is not None:
        data = {**data, "csrfmiddlewaretoken": token["value"]}
    return client.post(path, data)


# Forms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("form", "field_name", "value"), list(form_cases()))
def test_hostile_text_in_each_field(client, home_page, form, field_name, value):
    path = form.setup(home_page)
    client.get(path)  # the first page view makes the site's settings row
    before = project_row_counts()
    response = post_form(client, path, {**form.valid, field_name: value})
    assert response.status_code in (200, form.success_status), response.status_code
    assert_no_echo(response)
    assert_no_header_injection_in_outbox()
    if response.status_code == 200:
        assert_says_what_to_fix(response, field_name)
        assert project_row_counts() == before, "a refused submission stored something"
        if value.strip() and "\x00" not in value and len(value) < 1000:
            # What the person typed is kept in the form, escaped.
            page = BeautifulSoup(response.content, "html.parser")
            kept = [
                element.get("value") or element.get_text() for element in page.select(f"[name={field_name}]")
            ]
            assert any(value.strip() in (text or "") for text in kept) or field_name == form.email_field
    else:
        assert project_row_counts() != before, "an accepted submission stored nothing"


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_an_empty_submission_says_what_to_fix(client, home_page, form):
    path = form.setup(home_page)
    Client().get(path)  # the first page view makes the site's settings row
    before = project_row_counts()
    response = post_form(client, path, {})
    assert response.status_code == 200
    assert_says_what_to_fix(response)
    assert project_row_counts() == before


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_a_one_megabyte_body_is_refused_calmly(client, home_page, form):
    path = form.setup(home_page)
    Client().get(path)  # the first page view makes the site's settings row
    before = project_row_counts()
    response = post_form(client, path, {**form.valid, form.text_fields[-1]: "y" * 1_000_000})
    assert response.status_code in (200, 400, 413)
    assert_no_echo(response)
    assert project_row_counts() == before


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_invalid_utf8_is_refused_calmly(client, home_page, form):
    path = form.setup(home_page)
    Client().get(path)  # the first page view makes the site's settings row
    before = project_row_counts()
    body = b"&".join(
        [f"{name}={value}".encode() for name, value in form.valid.items() if name != form.email_field]
        + [form.email_field.encode() + b"=\xff\xfe%FF%FE@example.org"]
    )
    client.get(path)
    response = client.post(path, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 403)  # 403 only where the form needs its CSRF token
    assert_no_echo(response)
    assert project_row_counts() == before


@pytest.mark.parametrize("form", FORMS, ids=str)
@pytest.mark.parametrize("shape", ["twice", "brackets"])
def test_arrays_for_single_values_never_break_the_form(client, home_page, form, shape):
    path = form.setup(home_page)
    data = dict(form.valid)
    for name in form.text_fields:
        if shape == "twice":
            data[name] = [form.valid[name], "second@example.org" if name == form.email_field else "Second"]
        else:
            data[f"{name}[]"] = [form.valid[name]]
            data.pop(name)
    response = post_form(client, path, data)
    assert response.status_code in (200, form.success_status)
    assert_no_echo(response)
    if response.status_code == 200:
        assert_says_what_to_fix(response)


@pytest.mark.parametrize("form", FORMS, ids=str)
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_wrong_methods_are_refused_with_a_plain_answer(client, home_page, form, method):
    path = form.setup(home_page)
    Client().get(path)  # the first page view makes the site's settings row
    before = project_row_counts()
    response = getattr(client, method)(
        path, data="email=a%40b.org", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert b"This address does not accept" in response.content
    assert project_row_counts() == before


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_csrf_where_the_form_uses_it(csrf_client, home_page, form):
    path = form.setup(home_page)
    Client().get(path)  # the first page view makes the site's settings row
    before = project_row_counts()
    response = csrf_client.post(path, form.valid)
    if form.csrf:
        assert response.status_code == 403
        page = BeautifulSoup(response.content, "html.parser")
        assert page.h1.get_text(strip=True) == "Please try again"
        assert page.find("a", href=path), "the page links back to the form"
        assert project_row_counts() == before
    else:
        # Deliberately without a token (it sits on every cached page): it still works.
        assert response.status_code == form.success_status


# Over the limits --------------------------------------------------------------------------


def kept_value(element):
    """What a browser shows in a field: a textarea's first newline is not part
    of its value (HTML's parsing rules), an input's value is its attribute."""
    if element.name == "textarea":
        text = element.get_text()
        return text[1:] if text.startswith("\n") else text
    return element.get("value")


def assert_kept_and_paused(response, form, data):
    """A 429 that shows the form again: what was typed, and a plain message."""
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = BeautifulSoup(response.content, "html.parser")
    assert page.title.get_text().startswith("Error: ")
    summary = page.select_one("[data-error-summary]")
    assert summary is not None and "we have paused it" in summary.get_text()
    assert "We have kept what you typed." in summary.get_text()
    for name in form.text_fields:
        kept = [kept_value(element) for element in page.select(f"[name={name}]")]
        assert data[name] in kept, f"{name} was not kept"
    assert_no_echo(response)


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_a_burst_of_good_submissions_is_paused_with_the_text_kept(client, home_page, form, settings):
    settings.RATELIMIT_ENABLE = True
    path = form.setup(home_page)
    Client().get(path)  # the first page view makes the site's settings row
    for n in range(60):
        data = {**form.valid, form.email_field: f"person{n}@example.org"}
        before = project_row_counts()
        response = post_form(client, path, data)
        if response.status_code != form.success_status:
            break
    assert_kept_and_paused(response, form, data)
    assert project_row_counts() == before, "a paused submission stored something"


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_a_burst_of_mistakes_meets_a_higher_ceiling_with_the_text_kept(client, home_page, form, settings):
    settings.RATELIMIT_ENABLE = True
    path = form.setup(home_page)
    Client().get(path)  # the first page view makes the site's settings row
    data = {**form.valid, form.email_field: "not an address"}
    codes = []
    for _ in range(60):
        response = post_form(client, path, data)
        codes.append(response.status_code)
        if response.status_code != 200:
            break
    # Honest mistakes are answered with what to fix many more times than the
    # limit on good submissions allows...
    assert codes.count(200) >= 20, codes
    # ...and a script is stopped in the end.
    assert_kept_and_paused(response, form, data)


# Login forms ---------------------------------------------------------------------------------


def log_in(client, login, username, password):
    page = client.get(login.setup(None))
    soup = BeautifulSoup(page.content, "html.parser")
    data = {
        field["name"]: field.get("value", "") for field in soup.select("form[method=post] input[type=hidden]")
    }
    data.update({login.username_field: username, login.password_field: password})
    return client.post(login.action or login.setup(None), data)


def login_cases():
    for login in LOGIN_FORMS:
        for field_name in ("username", "password"):
            for payload_id, value in TEXT_PAYLOADS:
                yield pytest.param(login, field_name, value, id=f"{login}-{field_name}-{payload_id}")


@pytest.mark.parametrize(("login", "field_name", "value"), list(login_cases()))
def test_hostile_text_in_each_login_field(csrf_client, home_page, login, field_name, value):
    credentials = {"username": "robin", "password": "not the password", field_name: value}
    response = log_in(csrf_client, login, credentials["username"], credentials["password"])
    assert response.status_code == 200, response.status_code
    assert_no_echo(response)
    assert "_auth_user_id" not in csrf_client.session


@pytest.mark.parametrize("login", LOGIN_FORMS, ids=str)
def test_huge_headers_on_a_login_are_taken_calmly(home_page, login):
    client = Client(enforce_csrf_checks=True, HTTP_USER_AGENT="u" * 10_000, HTTP_ACCEPT="a" * 10_000)
    response = log_in(client, login, "robin", "wrong")
    assert response.status_code == 200


@pytest.mark.parametrize("login", LOGIN_FORMS, ids=str)
def test_a_one_megabyte_login_is_refused_calmly(csrf_client, home_page, login):
    response = log_in(csrf_client, login, "robin", "y" * 1_000_000)
    assert response.status_code in (200, 400, 413)
    assert_no_echo(response)


@pytest.mark.parametrize("login", LOGIN_FORMS, ids=str)
def test_a_login_without_its_csrf_token_gets_a_plain_page(csrf_client, home_page, login):
    response = csrf_client.post(login.setup(None), {"username": "robin", "password": "x"})
    assert response.status_code == 403
    assert BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True) == "Please try again"


@pytest.mark.parametrize("login", LOGIN_FORMS, ids=str)
def test_each_login_form_locks_out_after_five_failures_and_never_says_who_exists(
    home_page, login, django_user_model
):
    django_user_model.objects.create_user("robin", "robin@example.org", "the right password")
    answers = []
    for username in ("robin", "nobody-at-all"):
        client = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
        codes = [log_in(client, login, username, "wrong").status_code for _ in range(5)]
        last = log_in(client, login, username, "the right password")
        answers.append((codes, last.status_code, BeautifulSoup(last.content, "html.parser").get_text()))
        assert "_auth_user_id" not in client.session
    assert answers[0] == answers[1]
    assert answers[0][0] == [200, 200, 200, 200, 429] and answers[0][1] == 429


# Filters and search ---------------------------------------------------------------------------


@pytest.mark.parametrize(("target", "param", "value"), list(filter_cases()))
def test_hostile_values_in_each_filter(client, home_page, target, param, value):
    path = target.setup(home_page)
    client.get(path)  # the first page view makes the site's settings row
    before = project_row_counts()
    response = client.get(f"{path}?{param}={value}")
    if response.status_code == 302:  # an empty filter is dropped by a redirect to the short address
        assert response["Location"] == path
        response = client.get(response["Location"])
    assert response.status_code == 200
    assert_no_echo(response)
    assert "Set-Cookie" not in response.headers
    counts = project_row_counts()
    assert counts == before, "a search or filter stored something"


@pytest.mark.parametrize("target", FILTERS, ids=str)
@pytest.mark.parametrize("number", PAGE_NUMBERS)
def test_silly_page_numbers_show_a_real_page(client, home_page, target, number):
    path = target.setup(home_page)
    query = f"{target.params[0]}=care&page={number}" if target.params[0] == "q" else f"page={number}"
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    assert_no_echo(response)


@pytest.mark.parametrize("target", FILTERS, ids=str)
def test_repeated_parameters_never_break_a_filter(client, home_page, target):
    path = target.setup(home_page)
    query = "&".join(f"{param}=a&{param}=b&{param}[]=c" for param in target.params)
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200
