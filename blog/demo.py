"""The blog's demo content: the words are in ``blog/demo_content/``; this is the
logic. Authors are clearly fictional samples, or a post is signed by the team.

Loading twice changes nothing: each item is found again by its slug.
"""

from socialcarefuture.demo.loader import DemoContent

from .models import BlogAuthor, BlogCategory, BlogIndexPage, BlogPostPage


def post_defaults(model, fields):
    """A demo post is described by its introduction and first published at 10:00
    on its date, unless its file says otherwise."""
    if model is BlogPostPage:
        fields.setdefault("search_description", fields.get("introduction", ""))
        if fields.get("date"):
            fields.setdefault("first_published_at", f"{fields['date']} at 10:00")


def load(home_page, stdout):
    demo = DemoContent("blog")
    demo.objects(BlogCategory, "categories.yaml")
    demo.objects(BlogAuthor, "authors.yaml")
    created = demo.pages(parent=home_page, prepare=post_defaults)

    posts = sum(isinstance(page, BlogPostPage) for page in created)
    if created:
        index = " and the blog page" if any(isinstance(page, BlogIndexPage) for page in created) else ""
        stdout.write(f"Blog: created {posts} posts{index}.")
    else:
        stdout.write("Blog demo content already exists: left as it is.")
