"""The site's own demo content: the vision page, standard pages, menus and
settings. Written in the site's voice (see ../shared/brief.md in the team
notes): plain English, people first, care and support as a springboard."""

import json
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site

from ..models import HomePage, SiteSettings, StandardPage
from .media import demo_document, demo_image


def rich(*paragraphs):
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def stream(*blocks):
    """Raw StreamField data from ``(type, value)`` pairs."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


WAYS = [
    (
        "A new story",
        "We research and share a new way of talking about care and support: as a "
        "springboard to a good life, not a safety net for a few.",
    ),
    (
        "Glimpses of the future",
        "We find people and places already living the vision, from wellbeing teams "
        "to late-night gig clubs, and help their ideas grow and spread.",
    ),
    (
        "Closing the gap",
        "The Care Act 2014 made big promises. We help people know their rights and "
        "we gather the evidence that shows what needs to change.",
    ),
    (
        "Solutions led by lived experience",
        "People who draw on care and support lead our inquiries. Over 20 council "
        "areas use the vision to steer change where they live.",
    ),
    (
        "People power",
        "Gatherings, training and a growing network give people who draw on "
        "support a powerful, paid seat at the table.",
    ),
]


def load(stdout):
    """Create the site tree once; return the home page either way."""
    existing = HomePage.objects.first()
    if existing:
        stdout.write("Site pages already exist: left as they are.")
        return existing

    root = Page.get_first_root_node()
    # Wagtail's first migration makes a placeholder "Welcome" page; replace it.
    for placeholder in root.get_children().filter(content_type__model="page"):
        placeholder.delete()
    root.refresh_from_db()

    garden = demo_image(
        "People gardening together",
        "Four people planting vegetables together on a sunny hillside.",
        "garden",
        1,
    )
    kitchen = demo_image(
        "Friends cooking a meal",
        "Friends sharing food around a table in the sunshine.",
        "kitchen",
        2,
    )
    music = demo_image(
        "Making music in the park",
        "A group of people singing and playing music outdoors, with music notes in the air.",
        "music",
        3,
    )
    street = demo_image(
        "Neighbours on a street",
        "Neighbours standing together in front of a row of colourful houses.",
        "street",
        4,
    )

    home = HomePage(
        title="Home",
        slug="home",
        seo_title="Social Care Future: a good life, at home, in strong communities",
        search_description=(
            "Social Care Future is a movement of people who want care and support to "
            "mean a good life at home, in strong communities, led by the people who draw on it."
        ),
        hero_heading="A good life, in the place we call home",
        vision=rich(
            "We want everyone to be able to live in the place they call home, with the "
            "people and things they love, in a community where people look out for each "
            "other, doing the things that matter to them.",
            "Care and support is how many of us get there. It is a springboard, not a safety net.",
        ),
        hero_image=garden,
        hero_link_text="Read about the movement",
        ways_heading="How we make change happen",
        ways_intro=(
            "We are people who draw on care and support, families, support workers, "
            "councils, researchers and community groups. We work in five ways."
        ),
        ways=stream(*[("way", {"title": t, "text": x, "link": None}) for t, x in WAYS]),
        listing_summary="The movement's vision for care and support, and how we make change happen.",
    )
    publish(root, home)

    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    url = urlsplit(settings.SITE_URL)
    site.hostname = url.hostname or "localhost"
    site.port = url.port or (443 if url.scheme == "https" else 80)
    site.site_name = "Social Care Future"
    site.root_page = home
    site.save()

    about = publish(
        home,
        StandardPage(
            title="About us",
            slug="about",
            introduction=(
                "Social Care Future is a movement, not an organisation. Since 2018 we have "
                "been bringing people together to change what care and support means in England."
            ),
            search_description="Who we are, what we believe and how the movement began.",
            body=stream(
                ("heading", {"text": "Who we are", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "We are people who draw on care and support to live our lives, and our "
                        "families and friends. We are support workers and the organisations that "
                        "employ them, user-led groups, council staff, researchers, politicians "
                        "and neighbours.",
                        "A small group of volunteer convenors keeps the movement going. Our host "
                        "charity, In Control, looks after the admin.",
                    ),
                ),
                (
                    "image",
                    {
                        "image": kitchen.pk,
                        "caption": "Good lives are built around kitchen tables, not in waiting rooms.",
                    },
                ),
                ("heading", {"text": "How it started", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "In November 2018 we held a three-day fringe event in Manchester, next to "
                        "the national adult and children's social care conference. People who draw "
                        "on support shared the platform as equals. It showed what is possible when "
                        "everyone has a voice, and the movement grew from there.",
                    ),
                ),
                (
                    "quote",
                    {
                        "quote": "When I have the right support, I am not a problem to be managed. I am a neighbour, a friend and a volunteer.",
                        "attribution": "Sam, a sample member quoted for this demo",
                    },
                ),
                (
                    "call_to_action",
                    {
                        "heading": "Be part of it",
                        "text": "Hear about gatherings, new stories and ways to get involved.",
                        "link": {"page": None, "url": f"{settings.SITE_URL}/mailing-list/"},
                        "button_text": "Join our mailing list",
                    },
                ),
            ),
        ),
    )
    about_easy = publish(
        home,
        StandardPage(
            title="About us in Easy Read",
            slug="about-easy-read",
            is_easy_read=True,
            introduction="This page tells you about Social Care Future. It uses easy words and pictures.",
            search_description="An Easy Read page about Social Care Future.",
            show_in_menus=False,
            body=stream(
                ("heading", {"text": "Who we are", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "We are a group of people who want things to change.",
                        "Some of us get support to live our lives.",
                        "Some of us are family, friends or support workers.",
                    ),
                ),
                ("image", {"image": street.pk, "caption": "Neighbours looking out for each other."}),
                ("heading", {"text": "What we want", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "We want everyone to live in a place they call home.",
                        "We want you to be with the people you love.",
                        "We want you to do the things that matter to you.",
                    ),
                ),
            ),
        ),
    )
    about.easy_read_version = about_easy
    about.save_revision().publish()

    guide = demo_document(
        "Guidance for event organisers",
        "guidance-for-event-organisers.pdf",
        [
            "1. Plan with people who draw on support from the start.",
            "2. Pay speakers with lived experience, and pay them promptly.",
            "3. Cover travel and the costs of support workers.",
            "4. Send Easy Read information before the day.",
            "5. Book step-free rooms with a hearing loop.",
        ],
    )
    guide_easy = demo_document(
        "Guidance for event organisers (Easy Read)",
        "guidance-for-event-organisers-easy-read.pdf",
        [
            "Ask people to help plan.",
            "Pay people for their time.",
            "Pay for travel.",
            "Make things easy to read.",
        ],
        easy_read=True,
    )

    people_power = publish(
        home,
        StandardPage(
            title="People power",
            slug="people-power",
            introduction=(
                "People who draw on care and support should be at the table when decisions "
                "are made, as equals, properly supported and paid."
            ),
            search_description="Our network, training and resources to help people who draw on support lead change.",
            listing_image=music,
            body=stream(
                ("heading", {"text": "Our network", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "The People Power network links people who draw on support and want to "
                        "speak up for change. Members share what works, support each other and "
                        "take up places on panels, boards and platforms.",
                    ),
                ),
                ("heading", {"text": "Training", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "We run spokesperson and media training, so that people can tell their "
                        "own story in their own words, on radio, on stage and online.",
                    ),
                ),
                (
                    "accordion",
                    {
                        "heading": "Questions people ask",
                        "items": [
                            {
                                "title": "Who can join the network?",
                                "content": rich(
                                    "Anyone who draws on care and support, or has done, and wants to help change it."
                                ),
                            },
                            {
                                "title": "Will I be paid for my time?",
                                "content": rich(
                                    "Yes. When you speak or take part for us, we pay you for your time "
                                    "and cover your travel and support costs."
                                ),
                            },
                            {
                                "title": "I find travel hard. Can I still take part?",
                                "content": rich(
                                    "Yes. Most of our meetings can be joined online, and we can post you materials."
                                ),
                            },
                        ],
                    },
                ),
            ),
        ),
    )

    organisers = publish(
        home,
        StandardPage(
            title="Guidance for event organisers",
            slug="guidance-for-event-organisers",
            introduction=(
                "How to give people with lived experience of drawing on support an equal "
                "place on your platform, properly supported and paid."
            ),
            search_description="Practical guidance on co-production and paying contributors, for anyone running an event.",
            body=stream(
                (
                    "paragraph",
                    rich(
                        "An event about care and support is better when the people who draw on it "
                        "help shape it. This guidance sets out what that means in practice, from "
                        "the first planning meeting to paying people after the day.",
                    ),
                ),
                (
                    "document",
                    {
                        "document": guide.pk,
                        "title": "Guidance for event organisers",
                        "description": "Five steps to co-producing an event, with a checklist for payment and access.",
                        "easy_read": guide_easy.pk,
                    },
                ),
                ("heading", {"text": "The short version", "level": "h2"}),
                (
                    "paragraph",
                    "<ol><li>Plan with people who draw on support from the start.</li>"
                    "<li>Pay speakers with lived experience, as you pay other speakers.</li>"
                    "<li>Cover travel and the costs of personal assistants.</li>"
                    "<li>Send Easy Read information well before the day.</li>"
                    "<li>Choose step-free rooms with a hearing loop, and offer BSL.</li></ol>",
                ),
            ),
        ),
    )

    privacy = publish(
        home,
        StandardPage(
            title="Privacy notice",
            slug="privacy",
            introduction="What we keep about you, why we keep it, and what you can ask us to do with it.",
            search_description="How Social Care Future uses and protects your personal information.",
            body=stream(
                ("heading", {"text": "Who we are", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "Social Care Future is hosted by the charity In Control. In Control is the "
                        "data controller for the information you give this website. You can contact "
                        "us about your data at any time by email.",
                    ),
                ),
                ("heading", {"text": "What we keep and why", "level": "h2"}),
                (
                    "paragraph",
                    "<ul><li><b>The mailing list.</b> Your email address, your name if you give it, "
                    "and what you want to hear about. The dates you signed up, confirmed and left. "
                    "A record of your consent: the exact words you agreed to, the page you were on, "
                    "and when. Copies of the emails we send you. We do not keep your internet "
                    "address with your sign-up. We use all this only to send you the emails you "
                    "asked for, and to show that you asked for them. Our reason in law is your "
                    "consent, which you can take back at any time. We never sell your details or "
                    "give them to anyone else; the company that sends our emails handles them only "
                    "for us.</li>"
                    "<li><b>The pledge.</b> Your name, organisation, role and email address, and "
                    "whether you agreed to be listed in public. We never publish email addresses.</li>"
                    "<li><b>Website logs.</b> Our server keeps technical logs, including internet "
                    "addresses, for 30 days to keep the site safe.</li></ul>",
                ),
                ("heading", {"text": "How long we keep it", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "If you sign up but do not confirm, we delete your details after 14 days. "
                        "If you confirm, we keep them until you leave the mailing list.",
                        "If you leave, we stop emailing you straight away and delete your name and "
                        "your choices. We keep your email address, the dates and the record of your "
                        "consent, so that we never email you again by mistake and can show we had "
                        "your permission. If you want those deleted too, ask us and we will delete "
                        "everything.",
                        "We keep copies of the emails we send for 30 days, to check they arrived.",
                    ),
                ),
                ("heading", {"text": "Your rights", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "You can ask to see what we hold about you, to correct it, or to delete it. "
                        "You can take back your consent at any time, with one click from any email "
                        "we send. We will answer within one month.",
                        "If you are unhappy with how we have used your information, please tell us "
                        "first and we will reply within 30 days. You can also complain to the "
                        'Information Commissioner\'s Office at <a href="https://ico.org.uk/make-a-complaint/">ico.org.uk</a>.',
                    ),
                ),
            ),
        ),
    )

    accessibility = publish(
        home,
        StandardPage(
            title="Accessibility statement",
            slug="accessibility",
            introduction="We want as many people as possible to be able to use this website.",
            search_description="How accessible this website is, and how to tell us about a problem.",
            body=stream(
                ("heading", {"text": "Using this website", "level": "h2"}),
                (
                    "paragraph",
                    "<p>You should be able to:</p><ul>"
                    "<li>zoom in up to 400% without the text spilling off the screen</li>"
                    "<li>get around the whole site using just a keyboard</li>"
                    "<li>listen to the site with a screen reader</li>"
                    "<li>change colours, fonts and text size in your browser</li>"
                    "<li>find Easy Read versions of our key pages and documents</li></ul>",
                ),
                ("heading", {"text": "How accessible this website is", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 "
                        "at level AA. Every page type is checked automatically with axe-core in a "
                        "real browser each time we change the site, and we test with a keyboard.",
                        "Some older documents are PDFs that may not work well with a screen reader. "
                        "If you need one in another format, ask us.",
                    ),
                ),
                ("heading", {"text": "Tell us about a problem", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "If something does not work for you, or you need information in Easy Read, "
                        "large print or another format, email us. We will reply within 5 working days.",
                        "If you are not happy with our answer, you can contact the Equality Advisory "
                        'and Support Service (<a href="https://www.equalityadvisoryservice.com/">EASS</a>).',
                    ),
                ),
                ("heading", {"text": "How we tested", "level": "h2"}),
                (
                    "paragraph",
                    rich(
                        "This statement was prepared on 25 November 2026. We will review it every six months."
                    ),
                ),
            ),
        ),
    )

    contact = publish(
        home,
        StandardPage(
            title="Contact us",
            slug="contact",
            introduction="The best way to reach us is by email. A convenor will reply within a week.",
            search_description="How to get in touch with Social Care Future.",
            body=stream(
                (
                    "paragraph",
                    rich(
                        'Email us at <a href="mailto:hello@socialcarefuture.org.uk">hello@socialcarefuture.org.uk</a>.',
                        "If you would like to talk on the phone or by video call instead, say so in "
                        "your email and we will arrange a time that suits you.",
                        "You can also find us on Twitter/X and Facebook using #socialcarefuture.",
                    ),
                ),
            ),
        ),
    )

    home.hero_link_page = about
    home.save_revision().publish()

    site_settings = SiteSettings.for_site(site)
    site_settings.contact_email = "hello@socialcarefuture.org.uk"
    site_settings.twitter_url = "https://x.com/search?q=%23socialcarefuture"
    site_settings.facebook_url = "https://www.facebook.com/hashtag/socialcarefuture"
    site_settings.footer_text = rich(
        "Social Care Future is a movement for a good life for everyone who draws on care "
        "and support. It is hosted by the charity In Control."
    )
    site_settings.main_menu = stream(
        ("link", {"page": about.pk, "label": "About"}),
        ("link", {"page": people_power.pk, "label": ""}),
        ("link", {"page": organisers.pk, "label": "For event organisers"}),
        ("link", {"page": contact.pk, "label": "Contact"}),
    )
    site_settings.footer_menu = stream(
        ("link", {"page": privacy.pk, "label": ""}),
        ("link", {"page": accessibility.pk, "label": ""}),
        ("link", {"page": about_easy.pk, "label": "About us in Easy Read"}),
        ("link", {"page": contact.pk, "label": ""}),
    )
    site_settings.save()

    stdout.write("Created the vision page, standard pages, menus and site settings.")
    return home
