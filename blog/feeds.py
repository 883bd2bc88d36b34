"""The blog's RSS 2.0 feed at /blog/feed/, built with Django's syndication framework.

Links are absolute, on ``settings.SITE_URL``, so that feed readers and the
mailing-list tools that read the feed link to the public site.

People who open a feed in a browser need a page, not XML. The blog's visible
"follow" link goes to /blog/feed/about/ (``BlogIndexPage.feed_about``), which
says what a feed is and how to use one. The feed itself also names an XSL
stylesheet (static/blog/feed.xsl), which turns it into a similar page in
browsers that still apply XSL to RSS; Chromium shows RSS as text and is
removing XSL altogether, which is why the page above is the main way in.
"""

from django.contrib.syndication.views import Feed
from django.templatetags.static import static
from django.utils.feedgenerator import Rss201rev2Feed, Stylesheet
from django.utils.text import capfirst

from socialcarefuture.utils import absolute_url


class BlogFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "en-gb"

    def stylesheets(self):
        return [Stylesheet(static("blog/feed.xsl"), mimetype="text/xsl")]

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index_page.title} | Social Care Future"

    def link(self):
        return absolute_url(self.index_page.get_url(request=self.request))

    def feed_url(self):
        return absolute_url(self.index_page.get_url(request=self.request) + "feed/")

    def description(self):
        return self.index_page.introduction or (
            "News, stories, publications and event reports from the Social Care Future movement."
        )

    def items(self):
        return list(self.index_page.get_posts().for_feed()[: self.index_page.feed_length])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.get_summary()

    def item_link(self, item):
        return item.get_absolute_url(self.request)

    def item_guid(self, item):
        return item.get_absolute_url(self.request)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_author_name(self, item):
        return capfirst(item.byline)

    def item_categories(self, item):
        categories = [item.category.name] if item.category_id else []
        return categories + [tag.name for tag in item.tag_list]
