"""Demo content for the blog: the index, categories, sample authors and posts
from 2018 to 2025, written in the site's own words from public facts about the
movement. Authors are clearly fictional samples, or the post is signed by the
team; nobody real is quoted.

Loading twice changes nothing: each item is found again by its slug.
"""

import datetime
import json

from django.utils import timezone
from wagtail.models import Site

from socialcarefuture.demo.media import demo_document, demo_image
from socialcarefuture.demo.site import rich, stream
from socialcarefuture.models import SiteSettings

from .models import BlogAuthor, BlogCategory, BlogIndexPage, BlogPostAuthor, BlogPostPage, BlogPostRelatedPost

CATEGORIES = [
    ("News", "news", "Updates from the movement: what is happening and how to take part."),
    ("Blog", "blog", "Ideas and stories from people across the movement, in their own words."),
    ("Publication", "publication", "Reports and guides to download, many with an Easy Read version."),
    ("Event report", "event-report", "What happened at our gatherings, and what we learned."),
]

AUTHORS = [
    {
        "slug": "jo-sample",
        "name": "Jo Sample",
        "role": "Sample author: a member who draws on support",
        "bio": (
            "Jo is a fictional author made up for this demo site. In the story, Jo draws on support "
            "to live at home, loves live music and helps run a local self-advocacy group."
        ),
        "photo": (
            "Sample author picture: Jo",
            "A drawing of friends in a sunny garden, standing in for Jo's photo.",
            "garden",
            21,
        ),
    },
    {
        "slug": "sam-example",
        "name": "Sam Example",
        "role": "Sample author: a support worker",
        "bio": (
            "Sam is a fictional author made up for this demo site. In the story, Sam has been a "
            "support worker for ten years and helps organise gatherings."
        ),
        "photo": (
            "Sample author picture: Sam",
            "A drawing of people dancing in the sunshine, standing in for Sam's photo.",
            "dance",
            22,
        ),
    },
    {
        "slug": "morgan-demo",
        "name": "Morgan Demo",
        "role": "Sample author: a researcher",
        "bio": (
            "Morgan is a fictional author made up for this demo site, who writes about research, "
            "evidence and what the law says."
        ),
        "photo": None,
    },
]

# Pictures shared by the posts: (title, alt text, scene, seed). The first four
# are the site's own and are found again by their titles.
IMAGES = {
    "garden": (
        "People gardening together",
        "Four people planting vegetables together on a sunny hillside.",
        "garden",
        1,
    ),
    "kitchen": (
        "Friends cooking a meal",
        "Friends sharing food around a table in the sunshine.",
        "kitchen",
        2,
    ),
    "music": (
        "Making music in the park",
        "A group of people singing and playing music outdoors, with music notes in the air.",
        "music",
        3,
    ),
    "street": (
        "Neighbours on a street",
        "Neighbours standing together in front of a row of colourful houses.",
        "street",
        4,
    ),
    "dance": ("Dancing at a gathering", "People dancing together under a bright sun.", "dance", 5),
    "gathering": (
        "Around a big table",
        "A group of people talking around a long table outdoors.",
        "gathering",
        6,
    ),
}


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


def para(*paragraphs):
    return ("paragraph", rich(*paragraphs))


def html(markup):
    return ("paragraph", markup)


def download(document, easy_read=None, title="", description=""):
    return (
        "document",
        {
            "document": document.pk,
            "title": title,
            "description": description,
            "easy_read": easy_read.pk if easy_read else None,
        },
    )


def documents():
    """The demo's downloads, made once each."""
    return {
        "framing": demo_document(
            "Talking about a brighter social care future",
            "talking-about-a-brighter-social-care-future.pdf",
            [
                "How people usually talk about social care, and a new story.",
                "Care and support as a springboard, not a safety net.",
                "Messages that made people hopeful and ready to act.",
                "Words to use, and words to avoid.",
            ],
        ),
        "framing_easy": demo_document(
            "Talking about a brighter social care future: Easy Read summary",
            "talking-about-a-brighter-social-care-future-easy-read.pdf",
            [
                "We want to change how people talk about care.",
                "Care can help people live a good life.",
                "We tested some new words.",
                "Here is what we found.",
            ],
            easy_read=True,
        ),
        "flyer": demo_document(
            "Gathering flyer: Manchester, 4 February 2020",
            "gathering-flyer-manchester-2020.pdf",
            [
                "Tuesday 4 February 2020, 10am to 4pm.",
                "Friends Meeting House, Manchester.",
                "Step-free, hearing loop, Easy Read materials.",
                "We can pay travel and support costs.",
            ],
        ),
        "flyer_easy": demo_document(
            "Gathering flyer: Manchester, 4 February 2020 (Easy Read)",
            "gathering-flyer-manchester-2020-easy-read.pdf",
            [
                "Come to our meeting.",
                "It is on Tuesday 4 February 2020.",
                "It is in Manchester.",
                "We can pay for your travel.",
            ],
            easy_read=True,
        ),
        "evidence": demo_document(
            "A good life with care and support: what the evidence says",
            "evidence-review.pdf",
            [
                "A review made with Research in Practice.",
                "Co-produced with people who draw on care and support.",
                "What helps people live good lives.",
            ],
        ),
        "programme": demo_document(
            "Living good lives in the place we call home",
            "living-good-lives-in-the-place-we-call-home.pdf",
            [
                "An outline programme for the next national and local governments.",
                "National steps and local steps.",
                "Made with people who draw on care and support.",
            ],
        ),
        "programme_easy": demo_document(
            "Living good lives in the place we call home (Easy Read)",
            "living-good-lives-easy-read.pdf",
            [
                "This is our plan for the government.",
                "We want everyone to live a good life.",
                "Here are the things we want to change.",
            ],
            easy_read=True,
        ),
    }


def posts(docs):
    """Every demo post, oldest first. ``date`` None means 'dated by first publication'."""
    return [
        {
            "slug": "sharing-the-platform-manchester-2018",
            "title": "Sharing the platform: our first fringe event in Manchester",
            "date": datetime.date(2018, 11, 23),
            "category": "event-report",
            "authors": [],
            "tags": ["gatherings", "co-production", "people power"],
            "image": "gathering",
            "introduction": (
                "For three days in November 2018, people who draw on care and support shared the "
                "platform equally with leaders from across social care. The movement grew from there."
            ),
            "body": [
                para(
                    "In November 2018 the national adult and children's social care conference met in "
                    "Manchester. Just down the road, we ran a three-day fringe event of our own."
                ),
                heading("An equal platform"),
                para(
                    "We had one simple rule. People who draw on care and support shared the platform "
                    "equally with council leaders, providers and researchers. Every session had speakers "
                    "with lived experience, and they were paid for their time like everyone else."
                ),
                heading("What we heard"),
                para(
                    "Again and again, people described the same thing. Good support is not about being "
                    "kept safe inside a service. It is about having a life: a home, friends, work, and a "
                    "part to play in the community.",
                    "The conversations did not stop when the fringe ended. They became the start of Social "
                    "Care Future.",
                ),
            ],
        },
        {
            "slug": "why-we-need-a-new-story",
            "title": "Why we need a new story about care and support",
            "date": datetime.date(2019, 3, 12),
            "category": "blog",
            "authors": ["jo-sample"],
            "tags": ["a new story", "reframing"],
            "image": "kitchen",
            "introduction": (
                "Most of what people hear about social care is bad news. Here is why we tell a different "
                "story, and how you can too."
            ),
            "body": [
                para(
                    "Most of what people hear about social care is bad news: a system in crisis, a cost that "
                    "keeps growing, a safety net full of holes. Stories like that do not make people want to "
                    "invest in something. They make people look away."
                ),
                heading("The story we tell instead"),
                para(
                    "We talk about care and support as something that helps all of us live the lives we "
                    "choose. It is a springboard, not a safety net. It is something we build together, not a "
                    "service done to people."
                ),
                heading("Small changes in words"),
                html(
                    "<ul><li>Say “people who draw on care and support”, not “the vulnerable”.</li>"
                    "<li>Talk about gifts and potential, not only needs.</li>"
                    "<li>Describe the life that support makes possible, not just the tasks.</li></ul>"
                ),
                para(
                    "None of this is spin. It is about telling the truth in a way that helps people see "
                    "what could be."
                ),
            ],
        },
        {
            "slug": "talking-about-a-brighter-social-care-future",
            "title": "Talking about a brighter social care future",
            "date": datetime.date(2019, 10, 15),
            "category": "publication",
            "authors": ["morgan-demo", "jo-sample"],
            "tags": ["a new story", "reframing", "research", "easy read"],
            "image": "music",
            "introduction": (
                "Our framing report: how to talk about care and support so that people feel hopeful and "
                "want to act. With an Easy Read summary."
            ),
            "body": [
                para(
                    "How do we persuade the public that care and support is worth investing in? This report "
                    "sets out what we found when we tested different ways of talking about it."
                ),
                heading("What is in the report"),
                para(
                    "The report compares the story people usually hear about social care with a new one. "
                    "It shows which messages made people more hopeful and more willing to act, and which "
                    "ones made them switch off."
                ),
                heading("Read it in Easy Read"),
                para(
                    "There is an Easy Read summary of the report. It uses short sentences and pictures. You "
                    "can download it below, next to the full report."
                ),
            ],
            "downloads": [
                download(
                    docs["framing"],
                    docs["framing_easy"],
                    description="The full framing report, with examples of words to use and words to avoid.",
                )
            ],
        },
        {
            "slug": "birmingham-gathering-2019",
            "title": "Birmingham: the change we want, and who we need to persuade",
            "date": datetime.date(2019, 12, 3),
            "category": "event-report",
            "authors": ["sam-example"],
            "tags": ["gatherings", "campaigning"],
            "image": "street",
            "introduction": (
                "On Thursday 28 November 2019 we met in Birmingham to agree the change we want and who "
                "we need to win over."
            ),
            "body": [
                para(
                    "On Thursday 28 November 2019, people from across England met in Birmingham. We had two "
                    "questions for the day: what change do we want, and who do we need to persuade to make "
                    "it happen?"
                ),
                heading("The change we want"),
                para(
                    "Each table mixed people who draw on support, family members, support workers, council "
                    "staff and researchers. Every table started from the same picture of a good life: a "
                    "place to call home, people who love you, a community that looks out for you, and "
                    "things to do that matter to you."
                ),
                heading("Who we need to persuade"),
                para(
                    "The list was long: national politicians, local councillors, the media and our own "
                    "neighbours. We agreed that the best messengers are often people who draw on support, "
                    "telling their own stories.",
                    "Thank you to everyone who came, and to everyone who helped pay for travel and support "
                    "so that people could be there.",
                ),
            ],
        },
        {
            "slug": "gatherings-2020",
            "title": "Join our 2020 gatherings, starting in Manchester on 4 February",
            "date": datetime.date(2020, 1, 14),
            "category": "news",
            "authors": [],
            "tags": ["gatherings", "easy read"],
            "image": "dance",
            "introduction": (
                "In 2020 we are meeting every three months. The first gathering is at Friends Meeting "
                "House in Manchester."
            ),
            "body": [
                heading("When and where"),
                para("Tuesday 4 February 2020, 10am to 4pm, at Friends Meeting House, Manchester."),
                heading("Access"),
                para(
                    "The building is step-free and has a hearing loop. There will be Easy Read materials on "
                    "the day. If you draw on support, we can pay your travel and the cost of a support "
                    "worker. Tell us what you need when you book.",
                    "Download the flyer and the Easy Read flyer below, and share them with anyone who might "
                    "like to come.",
                ),
            ],
            "downloads": [download(docs["flyer"], docs["flyer_easy"], title="Flyer for the gathering")],
        },
        {
            "slug": "keeping-going-one-video-call-at-a-time",
            "title": "Keeping going, one video call at a time",
            "date": datetime.date(2020, 6, 9),
            "category": "blog",
            "authors": ["jo-sample"],
            "tags": ["glimpses of the future", "self-advocacy"],
            "image": "kitchen",
            "introduction": (
                "When lockdown began, one self-advocacy group did not stop meeting. They met on a video "
                "call every single day."
            ),
            "body": [
                para(
                    "When the first lockdown began, a self-advocacy group we know did not stop meeting. They "
                    "moved online and started a video call every day.",
                    "At first the calls were about staying in touch and making sure nobody was alone. Soon "
                    "they became a place to plan, to share good news and to speak up together, just as the "
                    "group always had.",
                ),
                heading("What we can learn"),
                para(
                    "Nobody designed this from the top. It worked because members trusted each other and "
                    "helped each other learn the technology. That is what a web of mutual support looks like.",
                    "It is one of the glimpses of the future that we want to help grow.",
                ),
            ],
        },
        {
            "slug": "glimpses-of-the-future-festival",
            "title": "Glimpses of the Future: A Festival for Change",
            "date": datetime.date(2020, 11, 30),
            "category": "event-report",
            "authors": ["sam-example"],
            "tags": ["glimpses of the future", "gatherings", "online"],
            "image": "dance",
            "introduction": (
                "In November 2020 we could not meet in person, so we held a festival online. Here is what "
                "we saw."
            ),
            "body": [
                para(
                    "In November 2020 we held our first online festival: Glimpses of the Future: A Festival "
                    "for Change."
                ),
                heading("Glimpses of what is possible"),
                para(
                    "Each session shared an approach that already lives the vision. We heard about "
                    "self-managing wellbeing teams, about a club that helps people with learning "
                    "disabilities get to late-night gigs, and about groups that kept supporting each other "
                    "through the pandemic."
                ),
                heading("What happens next"),
                para(
                    "The festival showed how much good work is already happening. Our job now is to help "
                    "these ideas grow and spread, so that they become the normal way of doing things."
                ),
            ],
        },
        {
            "slug": "evidence-review-with-research-in-practice",
            "title": "What the evidence says: a review made together with Research in Practice",
            "date": datetime.date(2021, 5, 18),
            "category": "publication",
            "authors": ["morgan-demo"],
            "tags": ["research", "care act", "co-production"],
            "image": "street",
            "introduction": (
                "A co-produced review of the evidence on what helps people who draw on care and support "
                "live good lives."
            ),
            "body": [
                para(
                    "We worked with Research in Practice on a review of the evidence about what helps "
                    "people who draw on care and support to live good lives."
                ),
                heading("Made together"),
                para(
                    "The review was co-produced. People with lived experience helped choose the questions, "
                    "read the research and shape what the review says."
                ),
                heading("Why it matters"),
                para(
                    "The Care Act 2014 already promises wellbeing, choice and control. The review helps to "
                    "close the gap between that promise and what many people live with, by showing what works."
                ),
            ],
            "downloads": [
                download(
                    docs["evidence"],
                    description="The full evidence review, with a short summary at the start.",
                )
            ],
        },
        {
            "slug": "sign-the-pledge",
            "title": "Sign the pledge: an equal place on the platform",
            "date": datetime.date(2021, 9, 7),
            "category": "news",
            "authors": [],
            "tags": ["the pledge", "people power", "co-production"],
            "image": "music",
            "introduction": (
                "If you run events about care and support, promise that people who draw on it will have an "
                "equal place on your platform."
            ),
            "body": [
                para(
                    "Too many conferences and events about care and support still leave the people who draw "
                    "on it in the audience, or leave them out altogether."
                ),
                heading("What the pledge asks"),
                para(
                    "The pledge is a public promise by event organisers and leaders. It says that the events "
                    "and platforms they run will give people with lived experience of drawing on support an "
                    "equal place: as speakers, not only as audience, properly supported and paid.",
                    "The public list of people who have signed is part of its power. Each name makes it "
                    "easier for the next organiser to say yes.",
                ),
            ],
        },
        {
            "slug": "when-i-get-old",
            "title": "#WhenIGetOld: what would you want?",
            "date": datetime.date(2022, 3, 22),
            "category": "blog",
            "authors": ["sam-example"],
            "tags": ["when i get old", "campaigning"],
            "image": "garden",
            "introduction": "Where would you live, who would be around you, and what would you do all day?",
            "body": [
                para(
                    "What would you want your life to look like when you get old? Where would you live, who "
                    "would be around you, and how would you spend your days?",
                    "#WhenIGetOld is our invitation to answer that question, on social media and around "
                    "kitchen tables.",
                ),
                heading("Why we ask"),
                para(
                    "Most of us will draw on care and support at some point. Thinking about our own future "
                    "helps people see that social care is not about someone else. It is about all of us, and "
                    "the lives we want to keep living.",
                    "Share your answer with #WhenIGetOld and #socialcarefuture.",
                ),
            ],
        },
        {
            "slug": "providers-together-manchester",
            "title": "Providers together: our first gathering for support providers",
            "date": datetime.date(2022, 7, 5),
            "category": "event-report",
            "authors": [],
            "tags": ["providers", "gatherings"],
            "image": "gathering",
            "introduction": (
                "On Wednesday 29 June 2022 we held the first of three gatherings for organisations that "
                "provide care and support."
            ),
            "body": [
                para(
                    "On Wednesday 29 June 2022, organisations that provide care and support met in "
                    "Manchester. It was the first of three gatherings just for them."
                ),
                heading("Why providers"),
                para(
                    "Support workers and the organisations that employ them are part of the movement. Many "
                    "already work in ways that put people's lives first, and want to go further."
                ),
                heading("What we talked about"),
                para(
                    "We talked about sharing power with the people who draw on support, about working "
                    "alongside communities, and about what gets in the way. The next two gatherings will "
                    "build on what we learned."
                ),
            ],
        },
        {
            "slug": "a-charter-written-together-in-wokingham",
            "title": "A charter written together in Wokingham",
            "date": datetime.date(2023, 2, 14),
            "category": "news",
            "authors": ["jo-sample"],
            "tags": ["local change", "co-production"],
            "image": "street",
            "introduction": (
                "Residents and council officials in Wokingham sat down together and wrote a local Social "
                "Care Future charter."
            ),
            "body": [
                para(
                    "In Wokingham, residents and council officials wrote a local Social Care Future charter "
                    "together.",
                    "The charter sets out what a good life looks like in their area, and what everyone will "
                    "do to make it happen. It was written together from the start, not written by the "
                    "council and then shown to people.",
                ),
                heading("An idea other places can use"),
                para(
                    "We hope other areas will take the idea and make it their own. If you would like to "
                    "write a charter where you live, get in touch."
                ),
            ],
        },
        {
            "slug": "knowing-your-rights-care-act",
            "title": "Knowing your rights under the Care Act 2014",
            "date": datetime.date(2023, 6, 20),
            "category": "blog",
            "authors": ["morgan-demo"],
            "tags": ["care act", "rights"],
            "image": "kitchen",
            "introduction": "The law already makes big promises. Knowing them is the first step to using them.",
            "body": [
                para(
                    "The Care Act 2014 made big promises. It says that councils must promote your wellbeing, "
                    "and that you should have a real say in how you are supported."
                ),
                heading("Mind the gap"),
                para(
                    "Many people never hear what the law says, so they cannot use it. That is why we care "
                    "about legal literacy: helping people, families and council staff understand the rights "
                    "that are already there."
                ),
                heading("Three questions to ask"),
                html(
                    "<ol><li>How will my support help my wellbeing, as I see it?</li>"
                    "<li>What choices do I have about how my support is arranged?</li>"
                    "<li>Who can help me take part in my assessment?</li></ol>"
                ),
            ],
        },
        {
            "slug": "whose-social-care-is-it-anyway",
            "title": "Whose social care is it anyway? An inquiry led by lived experience",
            "date": datetime.date(2023, 9, 26),
            "category": "news",
            "authors": ["jo-sample", "sam-example"],
            "tags": ["lived experience", "co-production"],
            "image": "gathering",
            "introduction": (
                "An inquiry run by people who draw on care and support has named five key changes. Here is "
                "how it worked."
            ),
            "body": [
                para(
                    "Whose social care is it anyway? is an inquiry run by people who draw on care and "
                    "support. They chose the questions, listened to evidence and decided what should change."
                ),
                heading("Five key changes"),
                para(
                    "The inquiry named five key changes. Read them in the inquiry's own report, in the words "
                    "of the people who led it."
                ),
                heading("Why it matters"),
                para(
                    "Solutions work best when they are led by the people who live with the problem. This "
                    "inquiry shows what that looks like in practice."
                ),
            ],
        },
        {
            "slug": "living-good-lives-in-the-place-we-call-home",
            "title": "Living good lives in the place we call home",
            "date": datetime.date(2024, 4, 16),
            "category": "publication",
            "authors": ["morgan-demo"],
            "tags": ["campaigning", "local change", "research"],
            "image": "garden",
            "introduction": (
                "Our outline programme for the next national and local governments, made with people who "
                "draw on care and support."
            ),
            "body": [
                para(
                    "Living good lives in the place we call home is our outline programme for the next "
                    "national and local governments.",
                    "It was co-produced with people who draw on care and support. It sets out practical "
                    "steps that governments can take to make the vision real.",
                ),
                heading("What is in it"),
                para(
                    "There are steps for national government and steps for councils. Each one starts from "
                    "the same place: everyone living in the place they call home, with the people and things "
                    "they love, doing what matters to them."
                ),
            ],
            "downloads": [download(docs["programme"], docs["programme_easy"])],
            "related": [
                "talking-about-a-brighter-social-care-future",
                "evidence-review-with-research-in-practice",
            ],
        },
        {
            "slug": "people-power-training",
            "title": "People Power: training to tell your own story",
            "date": None,
            "published": datetime.datetime(2024, 10, 8, 10, 30),
            "category": "news",
            "authors": [],
            "tags": ["people power", "training"],
            "image": "music",
            "introduction": (
                "Spokesperson and media training for people who draw on support, so that you can tell your "
                "story your way."
            ),
            "body": [
                para(
                    "The People Power network gives people who draw on support a powerful seat at the table. "
                    "Part of that is feeling ready when the microphone comes your way."
                ),
                heading("What the training covers"),
                html(
                    "<ul><li>Telling your own story, in your own words.</li>"
                    "<li>Talking to journalists, on radio and online.</li>"
                    "<li>Speaking on a panel, and asking for the support you need to do it.</li></ul>"
                ),
                para(
                    "Training is free for members of the network, and we pay travel and support costs. There "
                    "is also guidance for event organisers on co-production and payment in our resources hub."
                ),
            ],
        },
        {
            "slug": "twenty-council-areas-one-vision",
            "title": "Twenty council areas, one shared vision",
            "date": None,
            "published": datetime.datetime(2025, 3, 11, 9, 15),
            "category": "blog",
            "authors": ["sam-example"],
            "tags": ["local change", "community of practice"],
            "image": "street",
            "introduction": (
                "More than 20 council areas now use the vision to steer local change. They meet to share "
                "what works."
            ),
            "body": [
                para(
                    "Our community of practice links more than 20 council areas that use the Social Care "
                    "Future vision to steer change where they are.",
                    "Members are council staff, people who draw on support and local organisations, working "
                    "side by side.",
                ),
                heading("Learning from each other"),
                para(
                    "They meet to share what has worked, what has not, and what they are trying next. No "
                    "area has all the answers, but together they are finding many of them."
                ),
            ],
            "related": ["a-charter-written-together-in-wokingham"],
        },
    ]


def get_blog_index(home_page, stdout):
    blog = BlogIndexPage.objects.first()
    if blog:
        return blog, False
    blog = BlogIndexPage(
        title="Blog",
        slug="blog",
        introduction=(
            "News, stories, publications and reports from our gatherings, written by people across the movement."
        ),
        search_description="News, stories, publications and event reports from the Social Care Future movement.",
        listing_summary="News, stories, publications and event reports from the movement.",
    )
    home_page.add_child(instance=blog)
    blog.save_revision().publish()
    return blog, True


def add_menu_link(home_page, blog):
    """Put 'Blog' in the main menu, after the first link, unless it is there already."""
    site = (
        Site.objects.filter(root_page=home_page).first() or Site.objects.filter(is_default_site=True).first()
    )
    if site is None:
        return False
    site_settings = SiteSettings.for_site(site)
    raw = list(site_settings.main_menu.raw_data)
    if any(block.get("value", {}).get("page") == blog.pk for block in raw):
        return False
    raw.insert(min(1, len(raw)), {"type": "link", "value": {"page": blog.pk, "label": "Blog"}})
    site_settings.main_menu = json.dumps([{"type": block["type"], "value": block["value"]} for block in raw])
    site_settings.save()
    return True


def load(home_page, stdout):
    blog, created_index = get_blog_index(home_page, stdout)

    categories = {}
    for name, slug, description in CATEGORIES:
        categories[slug], _ = BlogCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )

    authors = {}
    for data in AUTHORS:
        author = BlogAuthor.objects.filter(slug=data["slug"]).first()
        if author is None:
            photo = demo_image(*data["photo"]) if data["photo"] else None
            author = BlogAuthor.objects.create(
                slug=data["slug"], name=data["name"], role=data["role"], bio=data["bio"], photo=photo
            )
        authors[data["slug"]] = author

    existing = set(BlogPostPage.objects.child_of(blog).values_list("slug", flat=True))
    all_posts = posts(documents())
    new_posts = [data for data in all_posts if data["slug"] not in existing]
    images = {key: demo_image(*args) for key, args in IMAGES.items()} if new_posts else {}

    # Related posts are always older ones, so they exist by the time they are picked.
    by_slug = {post.slug: post for post in BlogPostPage.objects.child_of(blog)}
    created = []
    for data in new_posts:
        published = data.get("published") or datetime.datetime.combine(data["date"], datetime.time(10, 0))
        post = BlogPostPage(
            title=data["title"],
            slug=data["slug"],
            date=data["date"],
            category=categories[data["category"]],
            introduction=data["introduction"],
            hero_image=images[data["image"]],
            body=stream(*data["body"]),
            downloads=stream(*data.get("downloads", [])),
            search_description=data["introduction"],
            first_published_at=timezone.make_aware(published),
        )
        post.tags.add(*data["tags"])
        post.post_authors = [BlogPostAuthor(author=authors[slug]) for slug in data["authors"]]
        post.related_links = [BlogPostRelatedPost(post=by_slug[slug]) for slug in data.get("related", [])]
        blog.add_child(instance=post)
        post.save_revision().publish()
        by_slug[post.slug] = post
        created.append(post)

    menu_added = add_menu_link(home_page, blog)

    if created_index or created or menu_added:
        stdout.write(f"Blog: created {len(created)} posts{' and the blog page' if created_index else ''}.")
    else:
        stdout.write("Blog demo content already exists: left as it is.")
