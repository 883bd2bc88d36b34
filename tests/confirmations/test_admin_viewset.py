"""The admin base for confirmable records (ConfirmableRecordViewSet) and the
per-app words for statuses (status_labels), through the mailing list's admin and
two more viewsets over the same model (tests/confirmations/urls.py)."""

import csv
import io
import zipfile

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission

from socialcarefuture.confirmations.admin_viewsets import spreadsheet_safe
from socialcarefuture.confirmations.models import ConfirmableRecord
from socialcarefuture.mailing_list.models import CONSENT, Subscriber

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.confirmations.urls")]

HOSTILE = [
    '=HYPERLINK("http://evil.example","Click")',
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # a full-width equals sign
]


EXPORTER = ["mailing_list.view_subscriber", "mailing_list.export_subscribers"]


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
def people(db):
    """One confirmed person for each hostile name, one waiting, one who left."""
    confirmed = []
    for n, name in enumerate(HOSTILE):
        record = Subscriber.sign_up(
            email=f"p{n}@example.org",
            details={"name": name, **Subscriber.interest_details(["posts"])},
            consent=CONSENT,
            source_path="/blog/",
        ).record
        record.confirm()
        confirmed.append(record)
    waiting = Subscriber.sign_up(email="waiting@example.org", details={"name": "Wai"}, consent=CONSENT).record
    left = Subscriber.sign_up(email="left@example.org", details={"name": "Lef"}, consent=CONSENT).record
    left.confirm()
    left.withdraw("one_click")
    return confirmed, waiting, left


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


# Words for statuses -------------------------------------------------------------------------


def test_status_labels_name_the_shared_statuses_in_the_apps_words():
    assert ConfirmableRecord.status_labels == {}
    assert Subscriber.status_choices() == [
        ("pending", "Waiting to confirm"),
        ("confirmed", "Subscribed"),
        ("withdrawn", "Unsubscribed"),
    ]
    assert [Subscriber(status=value).get_status_display() for value, _ in Subscriber.status_choices()] == [
        "Waiting to confirm",
        "Subscribed",
        "Unsubscribed",
    ]
    assert Subscriber.field_label("withdrawn_at") == "Unsubscribed"
    assert Subscriber.field_label("confirmed_at") == "Confirmed"
    # The stored values and the field are the shared ones: only the words differ.
    field = Subscriber._meta.get_field("status")
    assert field.choices == list(ConfirmableRecord.Status.choices)
    assert Subscriber.Status is ConfirmableRecord.Status


def test_the_listing_filter_counts_and_personal_data_page_use_the_apps_words(client, make_user, people):
    client.force_login(make_user("dpo", "mailing_list.view_subscriber", "confirmations.handle_data_requests"))
    response = client.get("/admin/subscribers/")
    page = BeautifulSoup(response.content, "html.parser")
    assert "On the list: Waiting to confirm 1 · Subscribed 7 · Unsubscribed 1" in text(response)
    radios = [radio.find_parent("label").get_text(strip=True) for radio in page.select("input[name=status]")]
    assert radios == ["All", "Waiting to confirm", "Subscribed", "Unsubscribed"]
    assert "Unsubscribed" in [cell.get_text(strip=True) for cell in page.select("td")]
    found = client.post("/admin/personal-data/", {"email": "left@example.org", "action": "find"})
    assert "Unsubscribed" in text(found)


def test_list_filter_adds_filters_beside_the_status(client, make_user, people):
    confirmed, waiting, left = people
    Subscriber.objects.filter(pk=waiting.pk).update(wants_local=True)
    client.force_login(make_user("viewer", "mailing_list.view_subscriber"))

    def emails(query):
        body = client.get("/admin/test_records/results/" + query).content.decode()
        return {r.email for r in [*confirmed, waiting, left] if r.email in body}

    assert emails("?wants_local=true") == {"waiting@example.org"}
    assert emails("?wants_local=true&status=confirmed") == set()
    assert emails("?status=withdrawn") == {"left@example.org"}


# Downloads ----------------------------------------------------------------------------------


def test_downloads_need_the_export_permission(client, make_user, people):
    client.force_login(make_user("viewer", "mailing_list.view_subscriber"))
    listing = client.get("/admin/test_records/")
    assert listing.status_code == 200
    assert "export=csv" not in listing.content.decode() and "export=xlsx" not in listing.content.decode()
    for export in ("csv", "xlsx"):
        assert client.get(f"/admin/test_records/?export={export}").status_code == 403

    client.force_login(make_user("exporter", *EXPORTER))
    listing = client.get("/admin/test_records/").content.decode()
    assert "export=csv" in listing and "export=xlsx" in listing
    assert "Downloads (in the ⋯ menu above) hold confirmed records only." in listing


def test_with_no_export_permission_set_nobody_may_download(client, admin_user, people):
    client.force_login(admin_user)
    assert "export=csv" not in client.get("/admin/test_pending/").content.decode()
    for export in ("csv", "xlsx"):
        assert client.get(f"/admin/test_pending/?export={export}").status_code == 403


def test_a_download_holds_confirmed_records_only_whatever_the_filter(client, make_user, people):
    confirmed, waiting, left = people
    client.force_login(make_user("exporter", *EXPORTER))
    for query in ("", "&status=withdrawn", "&status=pending", "&q=example"):
        rows = list(
            csv.DictReader(io.StringIO(download(client, f"/admin/test_records/?export=csv{query}").decode()))
        )
        emails = {row["Email address"] for row in rows}
        assert emails == ({r.email for r in confirmed} if query in ("", "&q=example") else set()), query
    # The status column uses the app's words.
    assert {row["Status"] for row in rows} == {"Subscribed"}


def test_every_text_column_of_a_csv_download_is_safe_from_formulas(client, make_user, people):
    client.force_login(make_user("exporter", *EXPORTER))
    content = download(client, "/admin/test_records/?export=csv").decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert sorted(row["Name"] for row in rows) == sorted("'" + name for name in HOSTILE)
    # Even a column an app preprocesses itself ("=UPPER(...)").
    assert {row["Wants posts"][:2] for row in rows} == {"'="}
    # Harmless text is left as it is.
    assert {row["Interests"] for row in rows} == {"New posts and publications"}
    assert {row["Email address"] for row in rows} == {f"p{n}@example.org" for n in range(len(HOSTILE))}


def test_every_text_column_of_an_xlsx_download_is_text_not_a_formula(client, make_user, people):
    client.force_login(make_user("exporter", *EXPORTER))
    content = download(client, "/admin/test_records/?export=xlsx")
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    headings = [cell.value for cell in sheet[1]]
    name_column = headings.index("Name") + 1
    posts_column = headings.index("Wants posts") + 1
    names = []
    for row in range(2, sheet.max_row + 1):
        for column in (name_column, posts_column):
            cell = sheet.cell(row, column)
            assert cell.data_type == "s" and cell.quotePrefix, cell.value
        names.append(sheet.cell(row, name_column).value)
    # Kept as typed (the cell, not an apostrophe, says it is text). Reading the
    # file back turns a carriage return into a line feed, as XML does.
    assert sorted(names) == sorted(name.replace("\r", "\n") for name in HOSTILE)
    status_column = headings.index("Status") + 1
    assert {sheet.cell(row, status_column).value for row in range(2, sheet.max_row + 1)} == {"Subscribed"}


def test_spreadsheet_safe():
    assert [spreadsheet_safe(value) for value in ["=1", "+1", "-1", "@a", "\t1", "\r1"]] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "'\t1",
        "'\r1",
    ]
    assert spreadsheet_safe("Sam = Lee") == "Sam = Lee"
    assert spreadsheet_safe(None) == ""


# The record's page ----------------------------------------------------------------------------


def test_the_record_page_shows_consent_emails_and_the_personal_data_button(client, make_user, people):
    left = people[2]
    client.force_login(make_user("viewer", "mailing_list.view_subscriber"))
    response = client.get(f"/admin/test_records/inspect/{left.pk}/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    fields = dict(
        zip(
            [dt.get_text(strip=True) for dt in page.select("dt")],
            [dd.get_text(strip=True) for dd in page.select("dd")],
            strict=False,
        )
    )
    assert fields["Status"] == "Unsubscribed"
    assert fields["Unsubscribed"] not in ("", "—")  # the date they left, under the app's word
    consent_row = [
        td.get_text(" ", strip=True) for td in page.select("table.listing tbody tr")[0].select("td")
    ]
    assert CONSENT.text in consent_row[1] and "mailing_list, version 1" in consent_row[1]
    assert consent_row[2] == "—"  # signed up with no page given
    assert consent_row[3] != "—"  # confirmed by email
    assert "One-click unsubscribe in their email program" in consent_row[4]
    emails = page.find("h2", string="Emails").find_next("ul").get_text(" ", strip=True)
    subjects = list(left.emails.values_list("subject", flat=True))
    assert len(subjects) == 2 and all(subject in emails for subject in subjects)
    assert "Download or erase their data" not in text(response)
    other = client.get(f"/admin/test_records/inspect/{people[0][0].pk}/")
    assert "/blog/" in [
        td.get_text(strip=True) for td in BeautifulSoup(other.content, "html.parser").select("td")
    ]

    client.force_login(make_user("dpo", "mailing_list.view_subscriber", "confirmations.handle_data_requests"))
    response = client.get(f"/admin/test_records/inspect/{left.pk}/")
    button = BeautifulSoup(response.content, "html.parser").find("a", string="Download or erase their data")
    assert button["href"] == f"/admin/personal-data/?model=mailing_list.subscriber&pk={left.pk}"
    # And from the listing's row menu.
    assert (
        f"/admin/personal-data/?model=mailing_list.subscriber&amp;pk={left.pk}"
        in client.get("/admin/test_records/").content.decode()
    )


def test_the_personal_data_menu_item_needs_its_permission(client, make_user, people):
    client.force_login(make_user("viewer", "mailing_list.view_subscriber"))
    assert "Download or erase their data" not in client.get("/admin/test_records/").content.decode()
