"""The demo's pictures (socialcarefuture/demo/art.py): scenes of people made from
the vendored Humaaans parts, each picture its own, described by its alt text,
served as SVG with a credit that links the licence."""

import inspect
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup
from django.apps import apps
from django.template import Context, Template

from socialcarefuture.demo import art
from socialcarefuture.demo.media import DEMO_CREDIT

SVG = "{http://www.w3.org/2000/svg}"
NUMBERS = {"Two": 2, "Three": 3, "Four": 4, "Five": 5}


def demo_pictures():
    """Every picture the demo's images.yaml files draw, as (file, key, spec)."""
    pictures = []
    for config in apps.get_app_configs():
        path = Path(config.path) / "demo_content" / "images.yaml"
        if path.is_file():
            for key, spec in yaml.safe_load(path.read_text()).items():
                pictures.append((f"{config.label}/{key}", spec))
    return pictures


def people_in(svg):
    """The people drawn: each is a Humaaans head, legs and top put together."""
    return svg.count('<g transform="translate(82,0)">')


def test_one_seed_always_draws_the_same_picture():
    first = art.draw_scene("kitchen", 3)
    art.draw_scene.cache_clear()
    assert art.draw_scene("kitchen", 3) == first


def test_other_seeds_and_scenes_draw_other_pictures():
    pictures = {art.draw_scene(scene, seed) for scene in art.SCENES for seed in (1, 2, 3)}
    assert len(pictures) == len(art.SCENES) * 3
    casts = {
        tuple((p.head, p.torso, p.bottom, p.skin) for p in art.cast_of("street", seed))
        for seed in range(1, 11)
    }
    assert len(casts) == 10


GROUPS = [scene for scene in art.SCENES if scene != "portrait"]


@pytest.mark.parametrize("scene", GROUPS)
def test_a_scene_is_svg_with_three_to_five_people_in_it(scene):
    svg = art.draw_scene(scene, 7)
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 1200 800"
    cast = art.cast_of(scene, 7)
    assert 3 <= len(cast) == people_in(svg) <= 5
    # Every person's skin is recoloured to one of the real tones; none keeps Humaaans' own.
    assert art.HUMAAANS_SKIN not in svg.upper()
    assert {person.skin for person in cast} <= set(art.SKIN_TONES)
    assert any(person.skin.upper() in svg.upper() for person in cast)


def test_a_portrait_is_one_person():
    svg = art.draw_scene("portrait", 24)
    assert people_in(svg) == 1 == len(art.cast_of("portrait", 24))


def test_people_differ_in_skin_hair_clothes_and_many_pictures_have_a_wheelchair_user():
    casts = [art.cast_of(spec["scene"], spec["seed"]) for _, spec in demo_pictures()]
    people = [person for cast in casts for person in cast]
    assert len({person.skin for person in people}) == len(art.SKIN_TONES)
    assert len({person.head for person in people}) >= 15
    assert {art.HEADS[person.head] for person in people} >= {"hijab", "turban", "beard"}
    assert any(person.older for person in people)
    with_wheelchair = [cast for cast in casts if any(person.wheelchair for person in cast)]
    assert len(with_wheelchair) >= len(casts) / 3


def test_there_are_no_stick_figures():
    source = inspect.getsource(art)
    assert "_person(" not in source and "_wobbly_line" not in source
    svg = art.draw_scene("hall", 1)
    assert "<line" not in svg and "stroke-linecap" not in svg
    # Bodies come from the vendored Humaaans parts, not from lines drawn here.
    assert art.part("sitting", "Wheelchair") and (art.PARTS / "NOTICE.md").is_file()


def test_an_unknown_scene_is_refused_by_name():
    with pytest.raises(ValueError, match="choose one of kitchen, hall"):
        art.draw_scene("beach", 1)


def test_every_demo_picture_is_its_own_and_its_alt_text_describes_it():
    pictures = demo_pictures()
    assert len(pictures) >= 40
    assert len({(spec["scene"], spec["seed"]) for _, spec in pictures}) == len(pictures)
    assert len({spec["alt"] for _, spec in pictures}) == len(pictures)
    for where, spec in pictures:
        alt = spec["alt"]
        assert spec["scene"] in art.SCENES, where
        assert 40 <= len(alt) <= 255 and alt.endswith("."), where
        cast = art.cast_of(spec["scene"], spec["seed"])
        count = 1 if alt.startswith("A drawn portrait of ") else NUMBERS[alt.split()[0]]
        assert count == len(cast), f"{where}: the alt text says {count} people, the picture has {len(cast)}"
        wheelchair = any(person.wheelchair for person in cast)
        assert ("wheelchair" in alt) == wheelchair, f"{where}: the alt text and the wheelchair disagree"
        for kind in ("hijab", "turban"):
            assert (kind in alt) <= any(art.HEADS[p.head] == kind for p in cast), f"{where}: no {kind} drawn"
        assert "credit" not in spec, f"{where}: the demo credit comes from media.DEMO_CREDIT"


def test_the_credit_names_the_artist_and_the_licence_and_links_it():
    assert "Humaaans by Pablo Stanley" in DEMO_CREDIT and "(CC BY 4.0)" in DEMO_CREDIT
    html = Template("{% load pictures %}{{ credit|credit_links }}").render(
        Context({"credit": DEMO_CREDIT + " <script>"})
    )
    link = BeautifulSoup(html, "html.parser").find("a")
    assert link["href"] == "https://creativecommons.org/licenses/by/4.0/" and link["rel"] == ["license"]
    assert link.get_text() == "CC BY 4.0"
    assert "&lt;script&gt;" in html and "<script>" not in html
    plain = Template("{% load pictures %}{{ credit|credit_links }}").render(
        Context({"credit": "Photo by Ana"})
    )
    assert plain == "Photo by Ana"


def test_demo_pictures_show_as_svg_with_their_alt_text_and_credit(demo_site, client):
    home = BeautifulSoup(client.get("/").content, "html.parser")
    hero = home.select_one(".figure--hero img")
    assert hero["src"].endswith(".svg") and hero["alt"].startswith(tuple(NUMBERS))
    assert (hero["width"], hero["height"]) == ("1200", "800")
    assert "srcset" not in hero.attrs
    credit = home.select_one(".figure--hero .figure__credit")
    assert credit.get_text() == DEMO_CREDIT and credit.find("a", rel="license")

    blog = BeautifulSoup(client.get("/blog/").content, "html.parser")
    cards = blog.select(".card .figure__img")
    assert len(cards) >= 6
    assert all(card["src"].endswith(".svg") and card["loading"] == "lazy" for card in cards)
    assert len({card["src"] for card in cards}) == len(cards), "each card has its own picture"
    assert len({card["alt"] for card in cards}) == len(cards)


def test_a_page_shared_with_an_svg_picture_still_renders(demo_site, client):
    blog = BeautifulSoup(client.get("/blog/").content, "html.parser")
    post = blog.select_one(".card h3 a")["href"]
    response = client.get(post)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    og_image = page.find("meta", property="og:image")["content"]
    assert re.search(r"^http://testserver/media/images/share/[\w-]+\.jpg$", og_image), og_image


def test_every_demo_picture_is_light_enough_for_the_page_budget():
    """The vision page must stay under 80 KB in all: a picture is one SVG file for
    every size, at most 30 KB, and under 8 KB as served compressed."""
    import gzip

    for where, spec in demo_pictures():
        svg = art.draw_scene(spec["scene"], spec["seed"]).encode()
        assert len(svg) <= 30_000, where
        assert len(gzip.compress(svg)) <= 8_000, where


@pytest.mark.django_db
def test_an_svg_picture_is_shared_as_a_jpeg_drawn_once(django_assert_num_queries):
    import io as _io

    from django.core.files.base import ContentFile
    from PIL import Image

    from socialcarefuture.images import share_picture
    from tests.factories import ImageFactory

    image = ImageFactory(file=ContentFile(art.draw_scene("cafe", 3).encode(), name="cafe-3.svg"))
    assert image.is_svg()
    picture = share_picture(image)
    assert picture.url.endswith(".jpg") and (picture.width, picture.height) == (1200, 630)
    with image.file.storage.open(picture.url.removeprefix("/media/")) as file:
        drawn = Image.open(_io.BytesIO(file.read()))
        assert drawn.format == "JPEG" and drawn.size == (1200, 630)
    with django_assert_num_queries(0):
        assert share_picture(image) == picture  # found again, not drawn again

    raster = ImageFactory()
    assert share_picture(raster).url.endswith(".jpg") and not raster.is_svg()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["cafe-4.svg", "lost.png"])
def test_a_page_whose_picture_file_is_lost_still_shows_without_a_share_picture(
    client, home_page, name, caplog
):
    from django.core.files.base import ContentFile

    from tests.factories import ImageFactory, StandardPageFactory, png_bytes

    data = art.draw_scene("cafe", 4).encode() if name.endswith(".svg") else png_bytes()
    image = ImageFactory(file=ContentFile(data, name=name))
    page = StandardPageFactory(parent=home_page, social_image=image)
    image.file.storage.delete(image.file.name)  # lost from storage, still in the database
    response = client.get(page.url)
    assert response.status_code == 200
    assert b'property="og:image"' not in response.content
    assert b'name="twitter:card" content="summary"' in response.content
    assert "No share picture" in caplog.text
