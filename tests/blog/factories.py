"""Factories for the blog. Posts are created live with a first-publication time
(as if published), which is much faster than publishing a revision each."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from blog.models import BlogAuthor, BlogCategory, BlogIndexPage, BlogPostAuthor, BlogPostPage

BASE_TIME = timezone.make_aware(datetime.datetime(2024, 1, 1, 10, 0))


class BlogCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlogCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class BlogAuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlogAuthor
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Sample Author {n}")
    slug = factory.Sequence(lambda n: f"sample-author-{n}")
    role = "Sample author"
    bio = "A fictional author for the tests."


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BlogIndexPage

    title = "Blog"
    slug = "blog"
    introduction = "News and stories from the movement."


class BlogPostPageFactory(wagtail_factories.PageFactory):
    """A live post. ``authors=[...]`` and ``tags=[...]`` set its authors (in order) and topics."""

    class Meta:
        model = BlogPostPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Post number {n}")
    slug = factory.Sequence(lambda n: f"post-{n}")
    introduction = factory.LazyAttribute(lambda o: f"What {o.title.lower()} is about.")
    first_published_at = factory.Sequence(lambda n: BASE_TIME + datetime.timedelta(days=n))
    last_published_at = factory.SelfAttribute("first_published_at")
    live = True

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for number, author in enumerate(extracted or []):
            BlogPostAuthor.objects.create(page=self, author=author, sort_order=number)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(*extracted)
            self.save()
