"""Logging in through the real forms, as a browser would: fetch the form, keep
its CSRF cookie and token, post what a person types."""

from bs4 import BeautifulSoup
from django.test import Client

ADMIN_LOGIN = "/admin/login/"
FRONTEND_LOGIN = "/_util/login/"


def browser(address="203.0.113.7"):
    """A client from one network address that checks CSRF like a real site."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=address)


def log_in(client, username, password, path=ADMIN_LOGIN, next_url=None):
    page = client.get(path + (f"?next={next_url}" if next_url else ""))
    assert page.status_code == 200, page.status_code
    form = BeautifulSoup(page.content, "html.parser").select_one("form[method=post]")
    data = {
        field["name"]: field.get("value", "")
        for field in form.select("input[type=hidden]")
        if field.get("name")
    }
    assert form.select_one("input[name=username]") and form.select_one("input[name=password]")
    data.update(username=username, password=password)
    return client.post(form.get("action") or path, data)
