"""The pledge's demo content: the page, in the main menu, and 30+ invented
signatories with varied choices and comments in every state a convenor meets."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Site

from pledge.demo import load_signatures
from pledge.models import CommentStatus, PledgePage, Signature
from socialcarefuture.demo.loader import DemoContent, DemoDataError
from socialcarefuture.models import SiteSettings


def test_the_demo_pledge_has_its_signatories(demo_site, client):
    pledge = PledgePage.objects.get()
    assert pledge.url == "/pledge/"
    assert pledge.guidance_page.slug == "guidance-for-event-organisers"
    assert len(pledge.commitments) >= 5 and pledge.goal
    counted = Signature.objects.counted()
    assert counted.count() >= 30
    assert counted.filter(listed=True).count() < counted.count(), "some chose not to be listed"
    assert len(set(counted.values_list("organisation_type", flat=True))) == 8, "every type of organisation"
    comments = {status: counted.filter(comment_status=status).count() for status in CommentStatus.values}
    assert comments[CommentStatus.APPROVED] >= 3
    assert comments[CommentStatus.WAITING] >= 1 and comments[CommentStatus.REJECTED] >= 1
    assert (
        Signature.objects.filter(status="pending").exists()
        and Signature.objects.filter(status="withdrawn").exists()
    )
    # Each signature has its consent record, as if made through the form.
    assert all(signature.consents.count() == 1 for signature in Signature.objects.all())
    menu = SiteSettings.for_site(Site.objects.get(is_default_site=True)).main_menu
    assert ("pledge", "The pledge") in [(link.value["page"].slug, link.value["label"]) for link in menu]
    words = (
        BeautifulSoup(client.get("/pledge/signatories/").content, "html.parser").select_one("main").get_text()
    )
    assert "@" not in words and "sample" not in words.lower() and "demo" not in words.lower()


#: The invented places the demo's organisations are named after (no real councils or charities).
INVENTED_PLACES = (
    "Brambleford",
    "Fernbrook",
    "Harrowmere",
    "Kestrelwick",
    "Kestrel Vale",
    "Millhaven",
    "Oakbarrow",
    "Thistlecombe",
    "Wrenfield",
)
#: Invented organisations not named after a place.
INVENTED_NAMES = {
    "Independent",
    "Kindling Training and Events",
    "Lanternlight Support",
    "Peak Rostering Systems",
    "Tidewater Living Support",
}


def test_the_demo_signatories_are_invented_people_and_organisations(demo_site):
    signatures = Signature.objects.exclude(status="withdrawn")
    organisations = set(signatures.values_list("organisation", flat=True))
    assert len(organisations) >= 30
    unknown = {
        name
        for name in organisations
        if name not in INVENTED_NAMES and not any(p in name for p in INVENTED_PLACES)
    }
    assert unknown == set(), "name only invented places and organisations in the demo"
    # Invented addresses only, at the domains kept for examples; natural names, all different.
    assert all(
        email.split("@")[1].startswith("example.") for email in signatures.values_list("email", flat=True)
    )
    names = list(signatures.values_list("name", flat=True))
    assert len(set(names)) == len(names)
    assert not any(word in name.lower() for name in names for word in ("sample", "demo", "test", "lorem"))


def test_the_guidance_for_event_organisers_covers_what_the_pledge_promises(demo_site, client):
    pledge = PledgePage.objects.get()
    page = BeautifulSoup(client.get(pledge.guidance_page.url).content, "html.parser")
    headings = [heading.get_text(strip=True) for heading in page.select("main h2")]
    for heading in ("Plan it together", "Pay people for their time and expertise", "Meet access needs"):
        assert heading in headings
    assert "sign our pledge" in page.select_one("main").get_text()


def test_loading_twice_adds_no_signatures(demo_site):
    before = Signature.objects.count()
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert Signature.objects.count() == before
    assert "Pledge demo content already exists" in out.getvalue()


@pytest.mark.django_db
def test_wrong_signature_data_names_the_file_and_item(tmp_path, home_page):
    (tmp_path / "signatures.yaml").write_text("- email: a@example.org\n  type: spaceship\n  name: A\n")
    with pytest.raises(DemoDataError, match=r"signatures.yaml: item 1: type: choose one of council"):
        load_signatures(DemoContent(tmp_path))
    (tmp_path / "signatures.yaml").write_text("- email: a@example.org\n  colour: blue\n")
    with pytest.raises(DemoDataError, match=r"item 1: unknown field 'colour'"):
        load_signatures(DemoContent(tmp_path))
