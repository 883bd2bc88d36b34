"""The mailing list in the Wagtail admin: who may see and download it, the
listing's search, filters and counts, and personal data requests."""

import csv
import io
import json

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.urls import NoReverseMatch, reverse
from wagtail.models import ModelLogEntry

from socialcarefuture.confirmations.models import ConsentRecord, OutgoingEmail
from socialcarefuture.mailing_list.models import CONSENT, Subscriber

pytestmark = pytest.mark.django_db

INDEX = "/admin/subscribers/"


def permission(label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def assert_refused(response):
    """Personal records answer a plain 403 to someone with no permission on them
    (socialcarefuture/publishing/middleware.py)."""
    assert response.status_code == 403


def assert_sent_to_the_dashboard(response):
    """Wagtail's answer to a signed-in person without the permission: back to
    the dashboard, which says they may not go there."""
    assert (response.status_code, response["Location"]) == (302, "/admin/")


@pytest.fixture
def make_user(django_user_model):
    def make(username, *perms, groups=()):
        user = django_user_model.objects.create_user(username, f"{username}@staff.example", "pw")
        user.user_permissions.add(permission("wagtailadmin.access_admin"), *(permission(p) for p in perms))
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


@pytest.fixture
def people(db):
    """Three people: one subscribed, one waiting, one who left."""
    subscribed = Subscriber.sign_up(
        email="Ada@Example.org",
        details={"name": '=HYPERLINK("http://x")', **Subscriber.interest_details(["gatherings", "posts"])},
        consent=CONSENT,
        source_path="/about/",
    ).record
    subscribed.confirm()
    waiting = Subscriber.sign_up(
        email="bo@example.org",
        details={"name": "Bo", **Subscriber.interest_details(["local"])},
        consent=CONSENT,
        source_path="/",
    ).record
    left = Subscriber.sign_up(email="cy@example.org", details={"name": "Cy"}, consent=CONSENT).record
    left.confirm()
    left.withdraw("link")
    return subscribed, waiting, left


def test_a_contributor_cannot_see_or_download_the_list(client, make_user, people):
    client.force_login(make_user("editor", groups=["Contributors"]))
    for url in [INDEX, INDEX + "?export=csv", INDEX + "?export=xlsx", INDEX + "results/"]:
        response = client.get(url)
        assert_refused(response)
        assert b"Ada@Example.org" not in response.content
    assert_refused(client.get(f"{INDEX}inspect/{people[0].pk}/"))
    # And the menu does not offer it.
    assert b"/admin/subscribers/" not in client.get("/admin/").content


def test_a_convenor_who_may_view_sees_list_counts_and_filters_but_cannot_download(client, make_user, people):
    client.force_login(make_user("viewer", "mailing_list.view_subscriber"))
    response = client.get(INDEX)
    assert response.status_code == 200
    content = response.content.decode()
    for person in people:
        assert person.email in content
    assert "Subscribed 1" in content and "Waiting to confirm 1" in content and "Unsubscribed 1" in content
    assert "export=csv" not in content
    assert_sent_to_the_dashboard(client.get(INDEX + "?export=csv"))
    assert_sent_to_the_dashboard(client.get(INDEX + "?export=xlsx"))

    def emails(query):
        body = client.get(INDEX + "results/" + query).content.decode()
        return {person.email for person in people if person.email in body}

    assert emails("?status=pending") == {"bo@example.org"}
    assert emails("?status=withdrawn") == {"cy@example.org"}
    assert emails("?interest=local") == {"bo@example.org"}
    assert emails("?interest=posts") == {"Ada@Example.org"}
    assert emails("?q=ada") == {"Ada@Example.org"}
    assert emails("?q=Bo") == {"bo@example.org"}
    # The dashboard shows how many are subscribed.
    dashboard = BeautifulSoup(client.get("/admin/").content, "html.parser").get_text(" ", strip=True)
    assert "1 on the list now" in dashboard


def test_people_are_not_added_or_edited_in_the_admin(client, make_user, admin_user, people):
    for name in ["add", "edit", "delete", "copy"]:
        with pytest.raises(NoReverseMatch):
            reverse(f"subscribers:{name}", args=[1] if name != "add" else [])
    client.force_login(admin_user)
    content = client.get(INDEX).content.decode()
    assert "Add subscriber" not in content


def test_inspect_shows_the_consent_history(client, make_user, people):
    client.force_login(make_user("viewer", "mailing_list.view_subscriber"))
    response = client.get(f"{INDEX}inspect/{people[2].pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert CONSENT.text in content
    assert "Link in an email" in content  # how they left


def test_download_holds_confirmed_subscribers_with_interests(client, make_user, people):
    client.force_login(
        make_user("exporter", "mailing_list.view_subscriber", "mailing_list.export_subscribers")
    )
    assert "export=csv" in client.get(INDEX).content.decode()

    response = client.get(INDEX + "?export=csv")
    assert response.status_code == 200
    assert 'filename="confirmed-subscribers.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1  # never the waiting or the unsubscribed
    row = rows[0]
    assert row["Email address"] == "Ada@Example.org"
    assert row["Interests"] == "Gatherings, New posts and publications"
    assert (row["Gatherings"], row["New posts and publications"], row["Local action"]) == ("Yes", "Yes", "No")
    assert row["Name"].startswith("'=")  # a spreadsheet will not run it as a formula
    # Even when the listing is filtered to other people.
    filtered = client.get(INDEX + "?status=withdrawn&export=csv")
    assert b"cy@example.org" not in b"".join(filtered.streaming_content)

    response = client.get(INDEX + "?export=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Email address", "Name", "Interests"]
    assert len(values) == 2 and values[1][0] == "Ada@Example.org"
    assert sheet.cell(2, 2).data_type == "s"  # a string, not a formula


# Personal data requests ---------------------------------------------------------------

PERSONAL_DATA = "/admin/personal-data/"


def test_personal_data_requests_need_their_own_permission(client, make_user, people):
    client.force_login(make_user("viewer", "mailing_list.view_subscriber"))
    assert_refused(client.get(PERSONAL_DATA))
    assert_refused(
        client.post(PERSONAL_DATA, {"email": "bo@example.org", "action": "erase", "confirm": "yes"})
    )
    assert Subscriber.objects.filter(email="bo@example.org").exists()


def test_find_download_and_erase_a_person(client, make_user, people):
    subscribed = people[0]
    ModelLogEntry.objects.log_action(subscribed, "wagtail.edit", title=subscribed.email)
    client.force_login(make_user("dpo", "mailing_list.view_subscriber", "confirmations.handle_data_requests"))
    # From the listing's row menu.
    listing = client.get(INDEX).content.decode()
    assert f"{PERSONAL_DATA}?model=mailing_list.subscriber&amp;pk={subscribed.pk}" in listing
    found = client.get(PERSONAL_DATA, {"model": "mailing_list.subscriber", "pk": subscribed.pk})
    assert "What we hold about Ada@Example.org" in found.content.decode()

    # Found however the address is typed.
    found = client.post(PERSONAL_DATA, {"email": "  ADA@example.ORG ", "action": "find"})
    assert "Mailing list" in found.content.decode()

    download = client.post(PERSONAL_DATA, {"email": "ada@example.org", "action": "export"})
    assert download["Content-Type"].startswith("application/json")
    assert "attachment" in download["Content-Disposition"]
    data = json.loads(download.content)
    [record] = data["records"]
    assert record["email"] == "Ada@Example.org"
    assert record["interests"] == ["Gatherings", "New posts and publications"]
    assert record["consents"][0]["wording"] == CONSENT.text
    assert record["consents"][0]["from_page"] == "/about/"
    assert record["emails_we_sent_or_will_send"]

    # Erasing needs the box ticked.
    client.post(PERSONAL_DATA, {"email": "ada@example.org", "action": "erase"})
    assert Subscriber.objects.filter(pk=subscribed.pk).exists()
    response = client.post(PERSONAL_DATA, {"email": "ada@example.org", "action": "erase", "confirm": "yes"})
    assert (response.status_code, response["Location"]) == (302, PERSONAL_DATA)
    assert not Subscriber.objects.filter(pk=subscribed.pk).exists()
    assert not ConsentRecord.objects.filter(
        object_id=subscribed.pk, content_type__model="subscriber"
    ).exists()
    assert not OutgoingEmail.objects.filter(to__iexact="ada@example.org").exists()
    assert not ModelLogEntry.objects.filter(label__icontains="ada@example.org").exists()
    # Everyone else is untouched.
    assert Subscriber.objects.count() == 2
