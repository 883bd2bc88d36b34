import datetime

import pytest
from django.utils import timezone

from tests.blog.factories import BlogIndexPageFactory, BlogPostPageFactory


@pytest.fixture
def blog(home_page):
    """An empty blog at /blog/ under the vision page."""
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def make_post(blog):
    """``make_post(title, published="2024-05-01", **fields)``: a live post in the blog."""

    def make(title=None, published=None, **fields):
        if title:
            fields.setdefault("title", title)
        if published:
            moment = datetime.datetime.fromisoformat(published)
            if moment.tzinfo is None:
                moment = timezone.make_aware(moment if published.count(":") else moment.replace(hour=10))
            fields["first_published_at"] = fields["last_published_at"] = moment
        return BlogPostPageFactory(parent=blog, **fields)

    return make
