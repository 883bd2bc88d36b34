"""One old site with a bit of everything the importer maps, shared by several tests.

Sample content only: fictional authors, invented words.
"""

from .wxr import (
    OLD_SITE,
    AttachmentFactory,
    AuthorFactory,
    CategoryFactory,
    ItemFactory,
    PageFactory,
    TagFactory,
)

UPLOADS = f"{OLD_SITE}/wp-content/uploads"
PICTURE_SIZES = (
    'a:5:{s:5:"width";i:640;s:6:"height";i:400;s:4:"file";s:19:"2019/05/picture.png";'
    's:5:"sizes";a:1:{s:6:"medium";a:4:{s:4:"file";s:19:"picture-300x200.png";s:5:"width";i:300;'
    's:6:"height";i:200;s:9:"mime-type";s:9:"image/png";}}}'
)

AUTHORS = [
    AuthorFactory(id=2, login="jo.sample", display_name="Jo Sample"),
    AuthorFactory(id=3, login="sam", display_name="Sam Example"),
]
CATEGORIES = [
    CategoryFactory(id=10, slug="news", name="News", description="What is happening in the movement."),
    CategoryFactory(id=11, slug="reports", name="Reports"),
    CategoryFactory(id=12, slug="easy-read-reports", name="Easy Read reports", parent="reports"),
    CategoryFactory(id=1, slug="uncategorized", name="Uncategorized"),
]
TAGS = [
    TagFactory(id=20, slug="people-power", name="People power"),
    TagFactory(id=21, slug="gatherings", name="Gatherings"),
]

CONTENT_100 = f"""This is how we talk about care and support: as a springboard to a good life.

<h2>What we found</h2>
[caption id="attachment_50" align="alignnone" width="300"]<a href="{UPLOADS}/2019/05/picture.png"><img class="wp-image-50 size-medium" src="{UPLOADS}/2019/05/picture-300x200.png" alt="" width="300" height="200" /></a> People planting vegetables together[/caption]

<ul>
<li>People who draw on support lead the way</li>
<li>Councils and residents write a charter together</li>
</ul>

<blockquote>I want to live in my own home, with the people I love.<cite>A member of the movement</cite></blockquote>

<a href="{UPLOADS}/2019/05/report.pdf">Read the full report</a> | <a href="{UPLOADS}/2019/05/report-easy-read.pdf">Easy Read version</a>

<iframe width="560" height="315" src="https://www.youtube.com/embed/AbCdEfGhIjK" title="The framing research in five minutes"></iframe>

<script>document.write('tracking')</script>
<p onclick="steal()">Read more in <a href="{UPLOADS}/2019/05/report.pdf" onclick="track()">our report</a> or see <a href="{OLD_SITE}/2019/11/28/gathering-in-birmingham/">the gathering</a> and <a href="{OLD_SITE}/about-us/">who we are</a>.</p>

[su_button url="https://example.org"]Join us[/su_button]"""

CONTENT_101 = f"""We met in Birmingham on Thursday 28 November 2019.

[gallery ids="50,51"]

<a href="{UPLOADS}/2019/11/flyer-easy-read.pdf">Easy Read flyer</a>
<a href="{UPLOADS}/2019/11/flyer.pdf">Flyer</a>"""

CONTENT_109 = f"""A short follow-up to <a href="{OLD_SITE}/2019/05/03/a-new-story-for-care/">our first post</a>.

<img class="wp-image-56" src="{UPLOADS}/2019/06/missing.png" alt="" />"""


def items():
    pictures = [
        AttachmentFactory(
            id=50,
            file="2019/05/picture.png",
            title="Garden picture",
            alt="Three people planting vegetables in a community garden",
            excerpt="Illustration by Sam Lee",
            meta={
                "_wp_attached_file": "2019/05/picture.png",
                "_wp_attachment_image_alt": "Three people planting vegetables in a community garden",
                "_wp_attachment_metadata": PICTURE_SIZES,
            },
        ),
        AttachmentFactory(id=51, file="2019/05/IMG_1234.png", title="IMG_1234", parent=101),
        AttachmentFactory(
            id=52, file="2019/05/report.pdf", title="Talking about a brighter social care future"
        ),
        AttachmentFactory(
            id=53,
            file="2019/05/report-easy-read.pdf",
            title="Talking about a brighter social care future: summary",
        ),
        AttachmentFactory(id=54, file="2019/11/flyer.pdf", title="Gathering flyer"),
        AttachmentFactory(id=55, file="2019/11/flyer-easy-read.pdf", title="Gathering flyer (Easy Read)"),
        AttachmentFactory(id=56, file="2019/06/missing.png", title="Lost picture"),
        AttachmentFactory(id=57, file="2018/01/minutes.doc", title="Old minutes"),
    ]
    posts = [
        ItemFactory(
            id=100,
            title="A new story for care &#8211; and how we tell it",
            slug="a-new-story-for-care",
            date="2019-05-03 11:00:00",
            creator="jo.sample",
            categories=[("news", "News"), ("reports", "Reports")],
            tags=[("people-power", "People power")],
            excerpt="<p>How we <em>talk</em> about care and support matters.</p>",
            meta={
                "_thumbnail_id": "50",
                "_edit_lock": "1557000000:1",
                "_yoast_wpseo_metadesc": "Our framing research, in plain words.",
            },
            content=CONTENT_100,
            comments=2,
        ),
        ItemFactory(
            id=101,
            title="Gathering in Birmingham",
            slug="gathering-in-birmingham",
            date="2019-11-28 18:30:00",
            creator="sam",
            categories=[("uncategorized", "Uncategorized")],
            tags=[("gatherings", "Gatherings")],
            content=CONTENT_101,
        ),
        ItemFactory(id=102, title="Unfinished thoughts", slug="", status="draft", creator="jo.sample"),
        ItemFactory(
            id=103, title="Private notes", slug="private-notes", status="private", creator="jo.sample"
        ),
        ItemFactory(id=104, title="Waiting for review", slug="waiting", status="pending", creator="sam"),
        ItemFactory(
            id=105, title="Coming soon", slug="coming-soon", status="future", date="2030-01-01 09:00:00"
        ),
        ItemFactory(id=106, title="Binned", slug="binned", status="trash"),
        ItemFactory(id=107, title="Auto Draft", slug="", status="auto-draft"),
        ItemFactory(id=108, title="Members only", slug="members-only", password="secret"),
        ItemFactory(
            id=109,
            title="Follow-up",
            slug="follow-up",
            date="2019-06-10 09:00:00",
            creator="jo.sample",
            categories=[("easy-read-reports", "Easy Read reports")],
            content=CONTENT_109,
        ),
    ]
    pages = [
        PageFactory(id=200, title="About us", slug="about-us", menu_order=1, content="Who we are."),
        PageFactory(
            id=201,
            title="Our history",
            slug="our-history",
            parent=200,
            menu_order=2,
            link=f"{OLD_SITE}/about-us/our-history/",
        ),
        PageFactory(
            id=202,
            title="Our team",
            slug="our-team",
            parent=200,
            menu_order=1,
            link=f"{OLD_SITE}/about-us/our-team/",
        ),
        PageFactory(id=203, title="Contact", slug="contact", menu_order=2),
        PageFactory(id=204, title="Half-written page", slug="half-written", status="draft"),
    ]
    others = [
        ItemFactory(id=300, type="nav_menu_item", title="", slug="300"),
        ItemFactory(
            id=301, type="revision", title="A new story for care", slug="100-revision-v1", status="inherit"
        ),
        ItemFactory(id=302, type="event", title="Fringe event", slug="fringe"),
    ]
    # Pages and attachments come between posts, as in a real export.
    return [*pictures[:4], posts[0], *pages[:2], posts[1], *pictures[4:], *posts[2:], *pages[2:], *others]


def add_uploads(uploads):
    for path in (
        "2019/05/picture.png",
        "2019/05/picture-300x200.png",
        "2019/05/IMG_1234.png",
        "2019/05/report.pdf",
        "2019/05/report-easy-read.pdf",
        "2019/11/flyer.pdf",
        "2019/11/flyer-easy-read.pdf",
        "2018/01/minutes.doc",
    ):
        uploads.add(path)


def write(export, uploads, **options):
    add_uploads(uploads)
    return export(items(), authors=AUTHORS, categories=CATEGORIES, tags=TAGS, **options)
