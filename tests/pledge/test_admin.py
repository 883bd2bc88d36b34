"""Signatures in the Wagtail admin: the listing, its filters and counts,
comment moderation in bulk, downloads, each person's page and data, and the
dashboard."""

import csv
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission

from pledge.models import CommentStatus, OrganisationType, Signature
from tests.pledge.factories import SignatureFactory

pytestmark = pytest.mark.django_db

BULK = "/admin/bulk/pledge/signature/{}/"


def permission(label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@pytest.fixture
def make_user(django_user_model):
    def make(username, *perms):
        user = django_user_model.objects.create_user(username, f"{username}@staff.example", "pw")
        user.user_permissions.add(permission("wagtailadmin.access_admin"), *(permission(p) for p in perms))
        return user

    return make


@pytest.fixture
def signatures(pledge):
    return {
        "waiting": SignatureFactory(name="Ada Waiting", comment="Please show this", organisation_type="nhs"),
        "approved": SignatureFactory(
            name="Ben Approved", comment="Shown", comment_status=CommentStatus.APPROVED, listed=False
        ),
        "plain": SignatureFactory(name="Cat Plain"),
        "pending": SignatureFactory(
            name="Dee Pending", comment='=HYPERLINK("http://evil.example")', status=Signature.Status.PENDING
        ),
    }


def text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def rows(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [row.select_one("td:nth-of-type(3)").get_text(strip=True) for row in page.select("tbody tr")]


def test_the_listing_has_counts_filters_search_and_a_checkbox_per_row(admin_client, signatures):
    response = admin_client.get("/admin/signatures/")
    assert response.status_code == 200
    assert "Signatures: Waiting to confirm 1 · Signed 3 · Withdrawn 0" in text(response)
    page = BeautifulSoup(response.content, "html.parser")
    boxes = page.select("tbody input.bulk-action-checkbox")
    assert len(boxes) == 4
    # Each box is described by its row's title, for screen readers.
    for box in boxes:
        assert page.find(id=box["aria-describedby"]) is not None
    assert page.select_one("[data-bulk-action-footer=SIGNATURE]") is not None
    assert "Approve comments" in response.content.decode()

    assert sorted(rows(admin_client.get("/admin/signatures/?comment_status=waiting"))) == [
        "Ada Waiting",
        "Dee Pending",
    ]
    assert rows(admin_client.get("/admin/signatures/?organisation_type=nhs")) == ["Ada Waiting"]
    assert rows(admin_client.get("/admin/signatures/?listed=false")) == ["Ben Approved"]
    assert rows(admin_client.get("/admin/signatures/?status=pending")) == ["Dee Pending"]
    assert rows(admin_client.get("/admin/signatures/?q=plain")) == ["Cat Plain"]


def test_approving_comments_in_bulk_shows_them_first_then_approves(admin_client, signatures, client):
    waiting, plain = signatures["waiting"], signatures["plain"]
    url = BULK.format("approve_comments") + f"?id={waiting.pk}&id={plain.pk}&next=/admin/signatures/"
    page = admin_client.get(url)
    assert page.status_code == 200
    body = text(page)
    assert "Please show this" in body
    assert "These have no comment, so they are left as they are: Cat Plain" in body
    response = admin_client.post(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/signatures/")
    waiting.refresh_from_db()
    assert waiting.comment_status == CommentStatus.APPROVED
    assert waiting.comment_moderated_at and waiting.comment_moderated_by.username == "admin"
    plain.refresh_from_db()
    assert plain.comment_status == CommentStatus.NONE
    listing = text(client.get("/pledge/signatories/"))
    assert "Please show this" in listing


def test_rejecting_comments_in_bulk(admin_client, signatures):
    approved = signatures["approved"]
    url = BULK.format("reject_comments") + f"?id={approved.pk}"
    admin_client.post(url)
    approved.refresh_from_db()
    assert approved.comment_status == CommentStatus.REJECTED


def test_select_all_means_what_the_filtered_listing_shows(admin_client, signatures):
    url = BULK.format("approve_comments") + "?id=all&comment_status=waiting&status=confirmed"
    admin_client.post(url)
    assert Signature.objects.get(pk=signatures["waiting"].pk).comment_status == CommentStatus.APPROVED
    # Waiting too, but not in the filtered listing (still waiting to confirm): untouched.
    assert Signature.objects.get(pk=signatures["pending"].pk).comment_status == CommentStatus.WAITING


def test_moderation_needs_its_own_permission(client, make_user, signatures):
    waiting = signatures["waiting"]
    viewer = make_user("viewer", "pledge.view_signature")
    client.force_login(viewer)
    assert client.get("/admin/signatures/").status_code == 200
    url = BULK.format("approve_comments") + f"?id={waiting.pk}"
    # Wagtail's answer to someone without the permission: back to the dashboard.
    for response in (client.get(url), client.post(url)):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    waiting.refresh_from_db()
    assert waiting.comment_status == CommentStatus.WAITING

    moderator = make_user("moderator", "pledge.view_signature", "pledge.moderate_comments")
    client.force_login(moderator)
    assert client.post(url).status_code == 302
    waiting.refresh_from_db()
    assert waiting.comment_status == CommentStatus.APPROVED


def test_downloads_hold_confirmed_signatures_and_need_their_permission(client, make_user, signatures):
    viewer = make_user("viewer", "pledge.view_signature")
    client.force_login(viewer)
    response = client.get("/admin/signatures/?export=csv")
    assert (response.status_code, response["Location"]) == (302, "/admin/")

    exporter = make_user("exporter", "pledge.view_signature", "pledge.export_signatures")
    client.force_login(exporter)
    response = client.get("/admin/signatures/?export=csv")
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert table[0] == [
        "Email address",
        "Name",
        "Job title or role",
        "Organisation",
        "Type of organisation",
        "On the public list",
        "Comment",
        "Comment status",
        "Signed",
        "Confirmed",
    ]
    assert sorted(row[1] for row in table[1:]) == ["Ada Waiting", "Ben Approved", "Cat Plain"]
    ada = next(row for row in table if row[1] == "Ada Waiting")
    assert ada[4:8] == ["NHS", "Yes", "Please show this", "Waiting for a convenor"]

    def xlsx_rows(query):
        response = client.get(f"/admin/signatures/?export=xlsx{query}")
        return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.max_row

    assert xlsx_rows("") == 4  # the headings and the three confirmed
    assert xlsx_rows("&status=pending") == 1, "whatever the filter, never someone waiting to confirm"


def test_each_signatures_page_shows_its_comment_consent_and_data_link(admin_client, pledge, client):
    from tests.pledge.conftest import GOOD

    client.post("/pledge/sign/", GOOD)
    signature = Signature.objects.get()
    response = admin_client.get(f"/admin/signatures/inspect/{signature.pk}/")
    body = text(response)
    for expected in (
        "Fernbrook Forum",
        "Events organiser",
        "Glad to sign.",
        "Waiting for a convenor",
        "When you sign",
    ):
        assert expected in body, expected
    assert BeautifulSoup(response.content, "html.parser").find("a", string="Download or erase their data")


def test_the_dashboard_shows_the_count_and_comments_waiting(admin_client, signatures):
    page = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    links = {
        link.get_text(" ", strip=True): link["href"] for link in page.select("a[href^='/admin/signatures/']")
    }
    assert links["3 signed the pledge"] == "/admin/signatures/"
    # Only comments on confirmed signatures wait for a convenor (Dee has not confirmed).
    assert (
        links["1 comment waiting for a convenor"]
        == "/admin/signatures/?status=confirmed&comment_status=waiting"
    )


def test_every_type_of_organisation_is_offered_as_a_filter(admin_client, pledge):
    page = BeautifulSoup(admin_client.get("/admin/signatures/").content, "html.parser")
    values = [
        option["value"] for option in page.select("select[name=organisation_type] option") if option["value"]
    ]
    assert values == OrganisationType.values
