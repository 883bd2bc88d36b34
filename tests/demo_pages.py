"""Every live page of the demo content, by path.

Tests that check something on every page are parametrised with this list, so
that each page is a test of its own and one failure does not hide the others.
The list is written out because parametrisation happens before any database
exists; ``tests/socialcarefuture/test_pages.py`` checks that it still names
exactly the demo's live pages, so a new page (or page type) cannot slip past.
"""

DEMO_PAGES = [
    "/",  # vision (home) page
    "/about/",  # standard pages
    "/about-easy-read/",
    "/people-power/",
    "/guidance-for-event-organisers/",
    "/privacy/",
    "/accessibility/",
    "/contact/",
    "/blog/",  # blog index
    "/blog/sharing-the-platform-manchester-2018/",  # blog posts
    "/blog/why-we-need-a-new-story/",
    "/blog/talking-about-a-brighter-social-care-future/",
    "/blog/birmingham-gathering-2019/",
    "/blog/gatherings-2020/",
    "/blog/keeping-going-one-video-call-at-a-time/",
    "/blog/glimpses-of-the-future-festival/",
    "/blog/evidence-review-with-research-in-practice/",
    "/blog/sign-the-pledge/",
    "/blog/when-i-get-old/",
    "/blog/providers-together-manchester/",
    "/blog/a-charter-written-together-in-wokingham/",
    "/blog/knowing-your-rights-care-act/",
    "/blog/whose-social-care-is-it-anyway/",
    "/blog/living-good-lives-in-the-place-we-call-home/",
    "/blog/people-power-training/",
    "/blog/twenty-council-areas-one-vision/",
    "/gatherings/",  # gatherings index
    "/gatherings/manchester-fringe-2018/",  # gatherings, past then upcoming
    "/gatherings/birmingham-2019/",
    "/gatherings/manchester-february-2020/",
    "/gatherings/glimpses-of-the-future-festival-2020/",
    "/gatherings/providers-together-manchester-2022/",
    "/gatherings/leeds-a-good-life-at-home/",
    "/gatherings/people-power-online/",
    "/gatherings/bristol-our-place-our-say/",
    "/glimpses/",  # glimpses index
    "/glimpses/a-wellbeing-team-that-runs-itself/",  # glimpses
    "/glimpses/late-night-gigs-with-a-gig-buddy/",
    "/glimpses/a-self-advocacy-group-that-met-every-day/",
    "/glimpses/a-charter-written-together/",
    "/glimpses/a-home-in-a-family/",
    "/glimpses/a-circle-of-support/",
    "/glimpses/a-bakery-of-her-own/",
    "/glimpses/a-library-of-things/",
    "/glimpses/allotments-for-everyone/",
    "/glimpses/support-planning-from-people-who-have-done-it/",
    "/glimpses/homes-designed-with-the-people-who-live-there/",
    "/glimpses/a-time-bank-in-a-cornish-town/",
    "/pledge/",  # the pledge page
]


def live_demo_paths():
    """The live pages actually in the database (call inside a demo_site test)."""
    from wagtail.models import Page

    return [page.url for page in Page.objects.live().filter(depth__gte=2).specific()]
