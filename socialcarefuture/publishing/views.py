from django.urls import reverse_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .roles import CONTRIBUTORS, CONVENORS


class GuideView(WagtailAdminTemplateMixin, TemplateView):
    """The guide for convenors and contributors, inside the admin (anyone who
    can reach the admin may read it)."""

    template_name = "publishing/guide.html"
    page_title = "Guide for convenors"
    header_icon = "help"
    breadcrumbs_items = [{"url": reverse_lazy("wagtailadmin_home"), "label": "Dashboard"}]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["convenors"] = CONVENORS
        context["contributors"] = CONTRIBUTORS
        return context
