"""Site-wide search at /search/?q=."""

import pytest
from bs4 import BeautifulSoup
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from tests.factories import StandardPageFactory


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_search_finds_pages_and_shows_them_as_results(demo_site, client):
    response = client.get("/search/", {"q": "event organisers"})
    assert response.status_code == 200
    page = soup(response)
    titles = [a.get_text(strip=True) for a in page.select(".result__title a")]
    assert "Guidance for event organisers" in titles
    assert page.find(class_="search-count").get_text(strip=True).endswith("for “event organisers”")
    assert page.find("input", attrs={"name": "q", "id": "search-page-q"})["value"] == "event organisers"


def test_search_is_never_indexed(demo_site, client):
    response = client.get("/search/", {"q": "care"})
    assert response["X-Robots-Tag"] == "noindex"
    assert soup(response).find("meta", attrs={"name": "robots", "content": "noindex"})


def test_search_with_no_match_says_so_and_offers_a_way_on(demo_site, client):
    page = soup(client.get("/search/", {"q": "xylophone quasar"}))
    empty = page.find(class_="empty-state")
    assert "No pages match “xylophone quasar”" in empty.get_text()
    assert empty.find("a", href="/")
    assert not page.select(".result")


def test_search_without_a_query_shows_the_form_only(demo_site, client):
    page = soup(client.get("/search/"))
    assert page.find("form", attrs={"role": "search"})
    assert not page.select(".result") and not page.find(class_="empty-state")


@pytest.mark.parametrize(
    ("page_param", "shown_page", "result_count"),
    [("abc", 1, 10), ("-1", 1, 10), ("0", 1, 10), ("999", 2, 3), ("1.5", 1, 10), ("%00", 1, 10)],
)
def test_search_pagination_never_errors(home_page, client, page_param, shown_page, result_count):
    """Anything that is not a page number shows the first page; a number past
    the end shows the last."""
    for n in range(13):
        StandardPageFactory(parent=home_page, title=f"Gardening together {n}")
    response = client.get("/search/", {"q": "gardening", "page": page_param})
    assert response.status_code == 200
    page = soup(response)
    assert len(page.select(".result")) == result_count
    assert page.find("a", attrs={"aria-current": "page"}).get_text(strip=True).endswith(str(shown_page))


def test_search_paginates_ten_at_a_time_keeping_the_query(home_page, client):
    for n in range(13):
        StandardPageFactory(parent=home_page, title=f"Gardening together {n}")
    first = soup(client.get("/search/", {"q": "gardening"}))
    assert len(first.select(".result")) == 10
    next_link = first.find("a", rel="next")["href"]
    assert next_link == "?q=gardening&page=2"
    second = soup(client.get("/search/" + next_link))
    assert len(second.select(".result")) == 3
    assert second.find("a", attrs={"aria-current": "page"}).get_text(strip=True).endswith("2")


def test_odd_queries_are_safe(demo_site, client):
    odd = ['"', '"care', "care*", "NOT", "a AND OR", "(", "-", "\x00", "care\x00home", "\t\n"]
    for query in [
        "<script>alert(1)</script>",
        "a" * 5000,
        "café ñ 日本",
        "\u202eevil",
        "' OR 1=1 --",
        "%",
        *odd,
    ]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, query
        assert b"<script>alert(1)</script>" not in response.content


def test_punctuation_is_ignored_but_words_still_match(demo_site, client):
    page = soup(client.get("/search/", {"q": '"event organisers"'}))
    titles = [a.get_text(strip=True) for a in page.select(".result__title a")]
    assert "Guidance for event organisers" in titles
    # What the person typed is shown back to them as typed.
    assert page.find("input", attrs={"id": "search-page-q"})["value"] == '"event organisers"'


def test_convenors_can_promote_a_page_for_a_search(demo_site, client):
    from socialcarefuture.models import StandardPage

    contact = StandardPage.objects.get(slug="contact")
    SearchPromotion.objects.create(query=Query.get("help"), page=contact, description="How to reach us")
    page = soup(client.get("/search/", {"q": "help"}))
    promoted = page.find(class_="result--promoted")
    assert promoted.find("a")["href"] == "/contact/"
    assert "How to reach us" in promoted.get_text()


# The search log (Wagtail's Query table, for the promotions report) -----------------------


@pytest.mark.django_db
def test_new_search_terms_are_logged_only_up_to_a_daily_cap(client, home_page, settings):
    from wagtail.contrib.search_promotions.models import QueryDailyHits

    settings.SEARCH_LOG_TERMS_PER_DAY = 3
    for term in ["care", "gatherings", "pledge", "junk one", "junk two", "junk three"]:
        assert client.get("/search/", {"q": term}).status_code == 200
    assert sorted(Query.objects.values_list("query_string", flat=True)) == ["care", "gatherings", "pledge"]
    # A term already in the log is still counted; nothing new is added.
    client.get("/search/", {"q": "Care"})
    assert Query.get("care").hits == 2
    assert QueryDailyHits.objects.count() == 3


@pytest.mark.django_db
def test_a_promoted_term_is_always_counted_and_shown(client, home_page, settings):
    contact = StandardPageFactory(parent=home_page, title="Contact us", slug="contact")
    SearchPromotion.objects.create(query=Query.get("help"), page=contact, description="How to reach us")
    settings.SEARCH_LOG_TERMS_PER_DAY = 0  # the log is full for today
    response = client.get("/search/", {"q": "help"})
    assert "How to reach us" in response.content.decode()
    assert Query.get("help").hits == 0  # no row for today could be added...
    settings.SEARCH_LOG_TERMS_PER_DAY = 5
    client.get("/search/", {"q": "help"})
    settings.SEARCH_LOG_TERMS_PER_DAY = 0
    client.get("/search/", {"q": "help"})
    assert Query.get("help").hits == 2  # ...but today's row, once there, keeps counting
    assert Query.objects.count() == 1


@pytest.mark.django_db
def test_old_search_hits_and_unused_terms_are_purged(client, home_page):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.contrib.search_promotions.models import QueryDailyHits

    client.get("/search/", {"q": "old term"})
    client.get("/search/", {"q": "fresh term"})
    QueryDailyHits.objects.filter(query__query_string="old term").update(
        date=timezone.localdate() - timedelta(days=31)
    )
    call_command("searchpromotions_garbage_collect", verbosity=0)
    assert list(Query.objects.values_list("query_string", flat=True)) == ["fresh term"]
