"""The editor's form, as a browser would post it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def blog_post_form(title, slug=None, action=None, **fields):
    data = {
        "title": title,
        "slug": slug if slug is not None else title.lower().replace(" ", "-"),
        "introduction": f"What {title.lower()} is about.",
        "post_authors": inline_formset([]),
        "related_links": inline_formset([]),
        "tags": "gatherings",
        "body": streamfield([("paragraph", rich_text("<p>People who draw on support lead the way.</p>"))]),
        "downloads": streamfield([]),
        "listing_summary": "",
        "social_text": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(fields)
    form = nested_form_data(data)
    if action:
        form[f"action-{action}"] = action
    return form
