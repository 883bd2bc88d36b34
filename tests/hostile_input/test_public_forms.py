"""One hostile-input suite for every public form and filter (registry.py).

The same list of nasty inputs goes into every field people type into: empty,
10,000 characters, a 1 MB body, HTML and script, quotes, NUL and control
characters, invalid UTF-8, bidi and zero-width characters, CR/LF header
injection, emoji, arrays for single values, wrong methods, a missing CSRF
token where the form uses one, and silly page numbers. Every answer must be
below 500, echo nothing unescaped, store nothing unless it accepted the input,
and, when it refuses, say what to fix beside the field.
"""

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.test import Client
from wagtail.models import Page, Revision

from socialcarefuture.confirmations.models import OutgoingEmail
from tests.hostile_input.registry import FILTERS, FORMS

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
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.split(".")[0] in ours and not model._meta.abstract
    }
    counts["pages"] = Page.objects.count()
    counts["revisions"] = Revision.objects.count()
    return counts


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
