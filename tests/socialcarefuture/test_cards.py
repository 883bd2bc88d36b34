"""The one card partial: every page type's card extends it, and listings,
search results and the vision page draw pages through ``card_template``."""

import pytest
from bs4 import BeautifulSoup
from django.template.loader import get_template, render_to_string
from wagtail.models import get_page_models

from socialcarefuture.images import CARD_RENDITIONS
from socialcarefuture.models import BasePage
from tests.factories import ImageFactory, StandardPageFactory


def page_types():
    return [model for model in get_page_models() if issubclass(model, BasePage)]


@pytest.mark.parametrize("model", page_types(), ids=lambda model: model._meta.label)
def test_every_card_template_is_the_shared_card(model):
    template = get_template(model.card_template)
    source = template.template.source
    assert model.card_template == "components/card.html" or '{% extends "components/card.html" %}' in source


@pytest.mark.django_db
def test_a_card_and_a_search_result_come_from_the_same_partial(home_page):
    page = StandardPageFactory(
        parent=home_page, title="People power", listing_summary="Our network.", listing_image=ImageFactory()
    )
    card = BeautifulSoup(render_to_string(page.card_template, {"item": page}), "html.parser")
    assert card.article["class"] == ["card"]
    assert card.select_one(".card__type").get_text() == "Page"
    assert card.find("h3").a["href"] == "/" + page.slug + "/"
    assert card.select_one(".card__summary").get_text() == "Our network."
    assert card.img is not None

    result = BeautifulSoup(
        render_to_string(page.card_template, {"item": page, "variant": "result"}), "html.parser"
    )
    assert result.article["class"] == ["result"]
    assert result.find("h2").get_text(strip=True) == "People power"
    assert result.select_one(".result__url").get_text() == "/" + page.slug + "/"
    assert result.img is None, "search results have no pictures"


@pytest.mark.django_db
def test_cards_ask_for_exactly_the_renditions_listings_prefetch(home_page):
    image = ImageFactory()
    page = StandardPageFactory(parent=home_page, listing_image=image)
    render_to_string(page.card_template, {"item": page})
    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert made == set(CARD_RENDITIONS)
