"""The pledge joined to the shared admin: the convenors' permissions on
signatures, and the "Pledge signatures" figures on the dashboard."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pledge.models import CommentStatus, Signature
from socialcarefuture.publishing.roles import CONTRIBUTORS, CONVENORS
from tests.pledge.factories import SignatureFactory
from tests.publishing.conftest import contributor, convenor, log_in, make_person  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

SIGNATURES = {"view_signature", "export_signatures", "moderate_comments"}


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_convenors_see_download_and_moderate_signatures_and_contributors_do_not():
    assert SIGNATURES <= codenames(CONVENORS)
    assert not SIGNATURES & codenames(CONTRIBUTORS)


def pledge_panel(client):
    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    for section in page.select("section.w-panel"):
        if section.select_one("h2").get_text(strip=True) == "Pledge signatures":
            return section
    return None


def figures(section):
    return " ".join(section.get_text(" ", strip=True).split())


def test_the_dashboard_counts_signatures_in_fixed_queries(client, convenor, contributor):  # noqa: F811
    SignatureFactory(comment="Count us in.", comment_status=CommentStatus.WAITING)
    SignatureFactory()
    SignatureFactory(
        status=Signature.Status.PENDING, comment="Not yet.", comment_status=CommentStatus.WAITING
    )
    log_in(client, convenor)
    section = pledge_panel(client)
    assert "2 signed the pledge" in figures(section)
    assert "1 comment waiting for a convenor" in figures(section)
    assert section.select_one("a[href*='comment_status=waiting']")

    def queries():
        client.get("/admin/")  # warm caches (content types, site root, permissions)
        with CaptureQueriesContext(connection) as captured:
            section = pledge_panel(client)
        return len(captured), section

    few, _ = queries()
    for _ in range(6):
        SignatureFactory(comment="Yes.", comment_status=CommentStatus.WAITING)
    many, section = queries()
    assert "8 signed the pledge" in figures(section)
    assert "7 comments waiting for a convenor" in figures(section)
    assert many == few > 0

    log_in(client, contributor)
    assert pledge_panel(client) is None
