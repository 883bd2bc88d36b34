"""The blog in the Wagtail admin (authors and categories), on the vision page
(the latest posts) and in the demo content."""

import django_filters
from django.db.models import Count, Q
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from socialcarefuture.queries import first_live_page
from socialcarefuture.sections import HomeSection

from .models import BlogAuthor, BlogCategory, BlogIndexPage, BlogPostPage

# Admin: authors and categories ------------------------------------------------------


class BlogAuthorFilterSet(WagtailFilterSet):
    has_photo = django_filters.BooleanFilter(
        label="Has a photo", field_name="photo", lookup_expr="isnull", exclude=True
    )
    has_bio = django_filters.BooleanFilter(label="Has a bio", method="filter_has_bio")

    class Meta:
        model = BlogAuthor
        fields = []

    def filter_has_bio(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(bio="") if value else queryset.filter(bio="")


class BlogAuthorViewSet(SnippetViewSet):
    model = BlogAuthor
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "role", Column("post_count", label="Posts", sort_key="post_count")]
    list_export = ["name", "slug", "role", "bio"]
    filterset_class = BlogAuthorFilterSet
    search_fields = ["name", "role", "bio"]
    search_backend_name = None  # plain database search: no index to keep up to date
    ordering = ["name"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return BlogAuthor.objects.annotate(post_count=Count("post_links", distinct=True))


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "tag"
    menu_label = "Categories"
    list_display = [
        "name",
        "description",
        Column("live_post_count", label="Live posts", sort_key="live_post_count"),
    ]
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["name"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return BlogCategory.objects.annotate(live_post_count=Count("posts", filter=Q(posts__live=True)))


class BlogSnippetGroup(SnippetViewSetGroup):
    items = (BlogAuthorViewSet, BlogCategoryViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = "Blog"
    menu_name = "blog"
    menu_order = 250


register_snippet(BlogSnippetGroup)


# The vision page: the newest three posts ----------------------------------------------


@hooks.register("home_page_sections")
def latest_posts_section(home_page, request):
    blog = first_live_page(BlogIndexPage, within=home_page)
    if blog is None:
        return None
    posts = list(blog.get_posts().for_listing()[:3])
    if not posts:
        return None
    return HomeSection(
        order=20,
        template="blog/includes/home_latest_posts.html",
        context={"posts": posts, "blog": blog},
    )


# Demo content -----------------------------------------------------------------------------


@hooks.register("load_demo_content")
def load_blog_demo_content(home_page, stdout):
    from .demo import load

    load(home_page, stdout)


# Who may do what: convenors look after authors and categories; contributors
# write posts (sent to a convenor for approval) and choose authors and categories.


@hooks.register("register_role_permissions")
def blog_role_permissions():
    from socialcarefuture.publishing.roles import RolePermissions, model_permissions

    return RolePermissions(
        convenors=model_permissions(BlogAuthor, BlogCategory),
        contributors=model_permissions(BlogAuthor, BlogCategory, actions=["view"]),
        sections=["blog.BlogIndexPage"],
    )


@hooks.register("register_easy_read_expectations")
def publications_expect_easy_read():
    """A post with downloads should offer each one in Easy Read too."""
    from socialcarefuture.publishing.reports import EasyReadExpectation

    def missing(posts):
        return [
            post
            for post in posts.only("id", "title", "downloads")
            if any(not block["value"].get("easy_read") for block in post.downloads.raw_data)
        ]

    return EasyReadExpectation(
        model=BlogPostPage,
        missing=missing,
        advice="A download has no Easy Read version. Add one beside it in 'Downloads'.",
    )
