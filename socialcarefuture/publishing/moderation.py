"""Sending something written outside the admin to the convenors for approval.

A contributor sends a page with "Submit to Convenor approval" in the editor. A
page made from the public's words (a glimpse suggested through a form on the
site) has nobody to press that button, so the app that makes it calls
``send_for_approval``::

    from socialcarefuture.publishing.moderation import send_for_approval

    glimpse = GlimpsePage(title=..., live=False, ...)
    index.add_child(instance=glimpse)
    send_for_approval(glimpse)

The page is saved as a draft (never live) and goes into the "Convenor approval"
workflow of its section, exactly like a contributor's: the convenors are
emailed, it is listed under "Awaiting your review" on their dashboard, and they
approve it (it goes live) or send it back (a suggestion sent back simply stays
a draft; the person who suggested it has no admin account).
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction


def send_for_approval(page, user=None, clean=True):
    """Save ``page`` as a draft and start its section's approval workflow.

    ``user`` is the admin account that sent it, or None for the public.
    ``clean=False`` saves a draft the convenors will finish (the public's
    words need not pass every check yet; publishing checks every field).
    Returns the ``WorkflowState``. A page already waiting is left as it is."""
    if page.live:
        raise ValueError(f"'{page.title}' is already live: only drafts are sent for approval.")
    workflow = page.get_workflow()
    if workflow is None or not workflow.active:
        raise ImproperlyConfigured(
            f"'{page.title}' is in no section with an approval workflow. Declare its index page in "
            "the app's register_role_permissions hook (sections=[...])."
        )
    with transaction.atomic():
        waiting = page.current_workflow_state
        if waiting is not None:
            return waiting
        page.save_revision(user=user, log_action=True, clean=clean)
        return workflow.start(page, user)
