"""The glimpses' demo content: the words are in ``glimpses/demo_content/``;
this is the logic. Loading twice changes nothing: themes are found again by
slug, pages by slug under the glimpses page."""

from socialcarefuture.demo.loader import DemoContent, DemoDataError

from .models import GlimpseIndexPage, GlimpsePage, GlimpseTheme


class ThemesAfterwards:
    """The loader cannot set a page's many-to-many field (on Django 6.1 such a
    field is not "concrete", which its check expects), so a glimpse's
    ``themes:`` are taken out before the page is made and set afterwards."""

    def __init__(self):
        self.by_title = {}

    def __call__(self, model, fields):
        if model is GlimpsePage and "themes" in fields:
            self.by_title[fields["title"]] = fields.pop("themes")

    def apply(self, demo, pages):
        for page in pages:
            slugs = self.by_title.get(page.title)
            if not isinstance(page, GlimpsePage) or not slugs:
                continue
            if not isinstance(slugs, list):
                raise DemoDataError(f"{page.title}: themes: expected a list of theme slugs")
            page.themes = [demo.instance(GlimpseTheme, slug, f"{page.title}: themes") for slug in slugs]
            page.save_revision().publish()


def load(home_page, stdout):
    demo = DemoContent("glimpses")
    demo.objects(GlimpseTheme, "themes.yaml")
    themes = ThemesAfterwards()
    created = demo.pages(parent=home_page, prepare=themes)
    themes.apply(demo, created)

    glimpses = sum(isinstance(page, GlimpsePage) for page in created)
    if created:
        index = (
            " and the glimpses page" if any(isinstance(page, GlimpseIndexPage) for page in created) else ""
        )
        stdout.write(f"Glimpses: created {glimpses} glimpses{index}.")
    else:
        stdout.write("Glimpses demo content already exists: left as it is.")
