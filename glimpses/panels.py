"""A read-only panel on a glimpse made from a suggestion: who sent it, their
consent, and what publishing or declining it will do."""

from django.urls import NoReverseMatch, reverse
from wagtail.admin.panels import Panel

#: Who may see the person's details (the suggestion listing's own permission).
VIEW_PERMISSION = "glimpses.view_glimpsesuggestion"


class SuggestionPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "glimpses/admin/suggestion_panel.html"

        def is_shown(self):
            return getattr(self.instance, "suggestion", None) is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            suggestion = self.instance.suggestion
            can_see = self.request.user.has_perm(VIEW_PERMISSION)
            context.update(suggestion=suggestion, can_see=can_see)
            if can_see:
                context["consent"] = (
                    suggestion.consents.select_related("consent_text").order_by("-given_at", "-pk").first()
                )
                try:
                    context["record_url"] = reverse("glimpse_suggestions:inspect", args=[suggestion.pk])
                except NoReverseMatch:
                    context["record_url"] = ""
            return context
