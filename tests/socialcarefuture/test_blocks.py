"""Rendering of the shared StreamField blocks that the demo does not show."""

import pytest
from bs4 import BeautifulSoup
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from socialcarefuture.demo.site import stream
from tests.factories import StandardPageFactory

VIDEO_URL = "https://www.youtube.com/watch?v=scf-demo"


@pytest.fixture
def cached_embed(db):
    """The oEmbed answer as Wagtail caches it, so no request leaves the machine."""
    return Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/scf-demo" '
        'title="A festival for change" allowfullscreen></iframe>',
        title="A festival for change",
        provider_name="YouTube",
        width=560,
        height=315,
    )


def test_video_block_shows_the_player_title_and_transcript(home_page, cached_embed, client):
    page = StandardPageFactory(
        parent=home_page,
        body=stream(
            (
                "video",
                {
                    "video": VIDEO_URL,
                    "title": "Glimpses of the Future: a festival for change",
                    "transcript": "<p>Welcome to the festival.</p>",
                },
            )
        ),
    )
    response = client.get(page.url)
    html = BeautifulSoup(response.content, "html.parser")
    video = html.find("figure", class_="video")
    assert video.find("iframe")["src"].startswith("https://www.youtube-nocookie.com/embed/")
    assert video.figcaption.get_text(strip=True) == "Glimpses of the Future: a festival for change"
    transcript = video.find("details", class_="video__transcript")
    assert "Welcome to the festival." in transcript.get_text()
    assert "style=" not in str(video), "inline styles are blocked by the CSP"
    assert "https://www.youtube-nocookie.com" in response["Content-Security-Policy"]


def test_video_that_cannot_be_embedded_falls_back_to_a_link(home_page, client, settings):
    settings.WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed", "providers": []}]
    page = StandardPageFactory(
        parent=home_page,
        body=stream(
            ("video", {"video": "https://video.example.org/1", "title": "Our gathering", "transcript": ""})
        ),
    )
    response = client.get(page.url)
    assert response.status_code == 200
    link = BeautifulSoup(response.content, "html.parser").find(class_="video__fallback").find("a")
    assert link["href"] == "https://video.example.org/1"
    assert "Our gathering" in link.get_text()


def test_call_to_action_and_heading_levels(home_page, client):
    page = StandardPageFactory(
        parent=home_page,
        body=stream(
            ("heading", {"text": "Main part", "level": "h2"}),
            ("heading", {"text": "Smaller part", "level": "h3"}),
            (
                "call_to_action",
                {
                    "heading": "Sign the pledge",
                    "text": "Give people with lived experience an equal place.",
                    "link": {"page": home_page.pk, "url": ""},
                    "button_text": "Sign the pledge now",
                },
            ),
        ),
    )
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert html.find("h2", string="Main part") and html.find("h3", string="Smaller part")
    button = html.find("a", class_="button", string="Sign the pledge now")
    assert button["href"] == "/"


@pytest.mark.parametrize(
    "address, ok",
    [
        ("/mailing-list/", True),
        ("https://www.in-control.org.uk/", True),
        ("http://example.org/a?b=c", True),
        ("//evil.example/", False),
        ("javascript:alert(1)", False),
        ("mailing list", False),
        ("ftp://example.org/", False),
    ],
)
def test_a_link_takes_a_full_web_address_or_one_on_this_site(address, ok):
    from django.core.exceptions import ValidationError

    from socialcarefuture.blocks import LinkBlock

    block = LinkBlock()
    value = block.to_python({"page": None, "url": address})
    if ok:
        assert block.clean(value)["url"] == address
    else:
        with pytest.raises(ValidationError):
            block.clean(value)


def test_a_call_to_action_to_an_address_on_this_site_links_there(home_page, client):
    page = StandardPageFactory(
        parent=home_page,
        body=stream(
            (
                "call_to_action",
                {
                    "heading": "Be part of it",
                    "text": "",
                    "link": {"page": None, "url": "/mailing-list/"},
                    "button_text": "Join the mailing list",
                },
            )
        ),
    )
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert (
        html.find("a", string=lambda text: text and "Join the mailing list" in text)["href"]
        == "/mailing-list/"
    )
