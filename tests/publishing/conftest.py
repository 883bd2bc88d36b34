"""People and a small site for the publishing tests.

People log in through the real admin login form (``log_in``), as a convenor
or a contributor would, with the groups the data migration made."""

import pytest
from django.contrib.auth.models import Group

from socialcarefuture.publishing.roles import CONTRIBUTORS, CONVENORS
from tests.blog.factories import BlogIndexPageFactory

PASSWORD = "a long and memorable passphrase"


@pytest.fixture
def blog(home_page):
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def make_person(django_user_model):
    def make(username, group=None, **fields):
        fields.setdefault("email", f"{username}@people.example")
        fields.setdefault("first_name", username.capitalize())
        user = django_user_model.objects.create_user(username, password=PASSWORD, **fields)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def convenor(make_person):
    return make_person("rowan", CONVENORS, last_name="Convenor")


@pytest.fixture
def contributor(make_person):
    return make_person("kit", CONTRIBUTORS, last_name="Writer")


def log_in(client, user):
    """Sign in through the admin's own login form."""
    client.logout()
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/admin/"), "login failed"
    return client
