"""Comment moderation in the admin: tick signatures in the listing, then
"Approve comments" or "Reject comments" in the bar that appears (Wagtail's own
bulk actions, registered in wagtail_hooks.py). Each shows the chosen comments
on a confirmation page first, and needs the "Can approve or reject public
comments on the pledge" permission.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.views.bulk_action import BulkAction

from .models import CommentStatus, Signature, purge_public_pages

PERMISSION = "pledge.moderate_comments"


class ModerateCommentsBulkAction(BulkAction):
    models = [Signature]
    template_name = "pledge/admin/confirm_bulk_moderate.html"
    #: The comment status this action sets.
    new_status = None
    #: Words for the confirmation page and the message afterwards.
    verb = ""
    button_text = ""
    result = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        # Unlike Wagtail's default, a choice of rows that no longer exist is not an error.
        return list(model.objects.filter(pk__in=[pk for pk in object_ids if str(pk).isdigit()]))

    def check_perm(self, obj):
        """Only a comment can be approved or rejected; rows without one are set
        aside and listed on the confirmation page."""
        return bool(obj.comment.strip())

    def get_all_objects_in_listing_query(self, parent_id):
        """'Select all' means everything the listing shows with its filters and
        search, not every signature there is."""
        from .wagtail_hooks import SignatureFilterSet, SignatureViewSet

        queryset = Signature.objects.all()
        filters = SignatureFilterSet(self.request.GET, queryset=queryset, request=self.request)
        queryset = filters.qs if filters.is_valid() else queryset.none()
        if query := self.request.GET.get("q", "").strip():
            condition = Q()
            for field in SignatureViewSet.search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            queryset = queryset.filter(condition)
        return queryset.values_list("pk", flat=True)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}

    def get_execution_context(self):
        return {"user": self.request.user, "status": self.new_status}

    @classmethod
    def execute_action(cls, objects, user=None, status=None, **kwargs):
        with transaction.atomic():
            changed = (
                Signature.objects.filter(pk__in=[obj.pk for obj in objects])
                .exclude(comment="")
                .update(comment_status=status, comment_moderated_at=timezone.now(), comment_moderated_by=user)
            )
            transaction.on_commit(purge_public_pages, robust=True)
        return changed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        if num_parent_objects == 1:
            return f"1 comment {self.result}."
        return f"{num_parent_objects} comments {self.result}."


class ApproveCommentsBulkAction(ModerateCommentsBulkAction):
    display_name = "Approve comments"
    action_type = "approve_comments"
    aria_label = "Approve the selected comments: they show on the public list"
    action_priority = 10
    new_status = CommentStatus.APPROVED
    verb = "approve"
    button_text = "Yes, approve"
    result = "approved: shown on the public list for people who chose to be listed"


class RejectCommentsBulkAction(ModerateCommentsBulkAction):
    display_name = "Reject comments"
    action_type = "reject_comments"
    aria_label = "Reject the selected comments: they are never shown"
    action_priority = 20
    new_status = CommentStatus.REJECTED
    verb = "reject"
    button_text = "Yes, reject"
    result = "rejected: not shown anywhere"
