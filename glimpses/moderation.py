"""What becomes of a suggestion once the person has confirmed their address.

1. ``submit_suggestion`` (from ``GlimpseSuggestion.on_confirmed``, in the
   confirming transaction): one draft ``GlimpsePage`` under the glimpses page,
   sent for approval with ``publishing.moderation.send_for_approval``, so it
   waits in the "Convenor approval" workflow under "Awaiting your review"
   like a contributor's page. The convenors get an email (the
   site's contact address and everyone who may publish glimpses) and the
   person gets one saying what happens next. Nothing is published here.
2. Wagtail's own signals then tell the person what the convenors decided:

   * ``page_published``: the glimpse is live: we email them its link, once.
   * ``workflow_rejected`` ("Request changes") or ``workflow_cancelled`` while
     the page is still a draft, or the draft being deleted: declined. We email
     them, then delete their record (their details, consent and emails). The
     email is stored without a link to the record, so it is still sent.

   Publishing cancels the workflow too (Wagtail's default), but only after the
   page is live, so that is never taken for a refusal; nor is scheduling it.

3. ``suggestion_withdrawn`` (the "take it back" link in their emails): a draft
   nobody has published yet is deleted; a published glimpse stays, no longer
   linked to them. Their details are cleared either way.
"""

import json
import logging
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import pre_delete
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator, slugify
from wagtail.actions.delete_page import DeletePageAction
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.signals import page_published, workflow_cancelled, workflow_rejected

from socialcarefuture.confirmations.emails import queue_email
from socialcarefuture.confirmations.models import email_digest, normalise_email
from socialcarefuture.publishing.moderation import send_for_approval

logger = logging.getLogger(__name__)

SLUG_MAX_LENGTH = 70


# From a suggestion to a draft ----------------------------------------------------------------


def story_blocks(story):
    """The story as the page's body: one text block, a paragraph per blank line."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", story or "") if part.strip()]
    html = "".join(
        "<p>" + "<br/>".join(escape(line) for line in part.splitlines()) + "</p>" for part in paragraphs
    )
    return json.dumps([{"type": "paragraph", "value": html}] if html else [])


def first_sentence(story, limit=200):
    """A summary for the card until a convenor writes one: the story's first sentence."""
    text = " ".join((story or "").split())
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return Truncator(sentence).chars(limit)


def available_slug(index, title):
    """A slug from the title that no other glimpse (nor a route) uses."""
    from .models import RESERVED_SLUGS

    base = slugify(title)[:SLUG_MAX_LENGTH].strip("-") or "glimpse"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def submit_suggestion(suggestion):
    """Make the one draft glimpse for a confirmed suggestion and start its moderation.

    Runs inside ``ConfirmableRecord.confirm()``, which holds the suggestion's
    row, so confirming twice (even at the same moment) makes one draft; the
    glimpses page's row is locked too, so that two different suggestions
    confirmed at once do not both take the same place in the page tree.
    """
    from .models import GlimpseIndexPage, GlimpsePage

    index = GlimpseIndexPage.objects.select_for_update().order_by("pk").first()
    if index is None:
        logger.error("Glimpse suggestion %s confirmed, but there is no glimpses page", suggestion.pk)
        return None
    existing = GlimpsePage.objects.filter(suggestion=suggestion).first()
    if existing is not None:
        return existing

    page = GlimpsePage(
        title=suggestion.title,
        slug=available_slug(index, suggestion.title),
        summary=first_sentence(suggestion.story),
        body=story_blocks(suggestion.story),
        place=suggestion.place,
        region=suggestion.region,
        more_url=suggestion.website,
        live=False,
        suggestion=suggestion,
    )
    page.themes = list(suggestion.themes.all())
    index.add_child(instance=page)
    log(instance=page, action="wagtail.create", user=None)
    workflow = page.get_workflow()
    if workflow is not None and workflow.active:
        # Into the "Convenor approval" workflow, like a contributor's page: the
        # convenors edit it before it is published; publishing checks every field.
        send_for_approval(page, clean=False)
    else:
        # Never lose the suggestion for want of a workflow: the draft waits as it is.
        page.save_revision(clean=False)
        logger.warning(
            "No approval workflow applies to the glimpses page: the draft %s waits as it is", page.pk
        )
    suggestion.queue_email("received")
    notify_convenors(suggestion, page, index)
    logger.info("Glimpse suggestion %s: draft page %s made", email_digest(suggestion.email), page.pk)
    return page


def convenor_addresses(index):
    """The site's contact address, and everyone who may publish glimpses."""
    from socialcarefuture.models import SiteSettings

    addresses = []
    site = index.get_site()
    if site is not None:
        contact = SiteSettings.for_site(site).contact_email
        if contact:
            addresses.append(contact)
    publishers = (
        PagePermissionPolicy()
        .users_with_permission_for_instance("publish", index)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    addresses.extend(publishers)
    unique = {}
    for address in addresses:
        unique.setdefault(normalise_email(address), address)
    return list(unique.values())


def notify_convenors(suggestion, page, index):
    admin = settings.WAGTAILADMIN_BASE_URL
    consent = suggestion.consents.select_related("consent_text").order_by("-given_at", "-pk").first()
    context = {
        "suggestion": suggestion,
        "page": page,
        "region": suggestion.get_region_display(),
        "themes": [theme.name for theme in suggestion.themes.all()],
        "consent": consent,
        "edit_url": admin + reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "record_url": admin + reverse("glimpse_suggestions:inspect", args=[suggestion.pk]),
    }
    for address in convenor_addresses(index):
        # Kept with the suggestion: it holds the person's details, so it goes
        # when they are erased, and it is in what they can ask to see.
        queue_email(
            to=address,
            template=suggestion.email_templates["convenors"],
            context=context,
            kind="glimpses.convenors",
            about=suggestion,
        )


# What the convenors decided ------------------------------------------------------------------


def _awaiting(suggestion_id):
    """The suggestion, locked, if it is still waiting for the convenors' decision."""
    from .models import GlimpseSuggestion

    return (
        GlimpseSuggestion.objects.select_for_update()
        .filter(
            pk=suggestion_id,
            status=GlimpseSuggestion.Status.CONFIRMED,
            told_published_at__isnull=True,
        )
        .first()
    )


def glimpse_published(sender, instance, **kwargs):
    """``page_published``: the first time a suggested glimpse goes live, tell them."""
    from .models import GlimpsePage

    if not isinstance(instance, GlimpsePage) or not instance.live or not instance.suggestion_id:
        return
    with transaction.atomic():
        suggestion = _awaiting(instance.suggestion_id)
        if suggestion is None:
            return
        suggestion.told_published_at = timezone.now()
        suggestion.save(update_fields=["told_published_at"])
        suggestion.queue_email("published")
    logger.info("Glimpse suggestion %s: published, person told", email_digest(suggestion.email))


def workflow_ended(sender, instance, **kwargs):
    """``workflow_rejected`` and ``workflow_cancelled``: declined, unless it went live."""
    from .models import GlimpsePage

    if instance.content_type_id != ContentType.objects.get_for_model(GlimpsePage).pk:
        return
    page = GlimpsePage.objects.filter(pk=instance.object_id).first()
    if page is None or page.live or page.scheduled_revision is not None or not page.suggestion_id:
        return
    decline(page.suggestion_id)


def glimpse_deleted(sender, instance, **kwargs):
    """A draft made from a suggestion was deleted: declined."""
    if instance.suggestion_id and not instance.live:
        decline(instance.suggestion_id)


def decline(suggestion_id):
    """Tell the person their suggestion will not be published, then forget them."""
    with transaction.atomic():
        suggestion = _awaiting(suggestion_id)
        if suggestion is None:
            return False
        queue_email(
            to=suggestion.email,
            template=suggestion.declined_template,
            context=suggestion.get_email_context("declined"),
            kind="glimpses.declined",
            about=None,  # sent even though the record is deleted just below
        )
        digest = email_digest(suggestion.email)
        forget(suggestion)
    logger.info("Glimpse suggestion %s: declined, person told and record deleted", digest)
    return True


def forget(suggestion):
    """Delete the suggestion with its consent records, emails and admin history."""
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(suggestion), object_id=str(suggestion.pk)
    ).delete()
    suggestion.delete()


# Taking it back ---------------------------------------------------------------------------------


def suggestion_withdrawn(suggestion):
    """The person took their suggestion back (inside ``withdraw()``)."""
    from .models import GlimpsePage

    page = GlimpsePage.objects.filter(suggestion=suggestion).first()
    if page is not None:
        # Unlinked first, so that deleting the draft is not taken for a refusal.
        GlimpsePage.objects.filter(pk=page.pk).update(suggestion=None)
        page.suggestion = None
        if not page.live:
            DeletePageAction(page, user=None).execute(skip_permission_checks=True)
    suggestion.name = ""
    suggestion.connection = ""
    suggestion.place = ""
    suggestion.story = ""
    suggestion.website = ""
    suggestion.themes.clear()


def connect_signals():
    from .models import GlimpsePage

    page_published.connect(glimpse_published, dispatch_uid="glimpses_published")
    workflow_rejected.connect(workflow_ended, sender=WorkflowState, dispatch_uid="glimpses_workflow_rejected")
    workflow_cancelled.connect(
        workflow_ended, sender=WorkflowState, dispatch_uid="glimpses_workflow_cancelled"
    )
    pre_delete.connect(glimpse_deleted, sender=GlimpsePage, dispatch_uid="glimpses_draft_deleted")
