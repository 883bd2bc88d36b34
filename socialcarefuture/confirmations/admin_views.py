"""The "Personal data requests" page in the Wagtail admin: find a person by email
address, see what is held about them, download it all or erase it all."""

import json
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import subject_data
from .forms import EmailAddressField
from .models import email_digest

PERMISSION = "confirmations.handle_data_requests"


def personal_data_url(record):
    """The "Personal data requests" page, open at the person behind ``record``."""
    query = urlencode({"model": record._meta.label_lower, "pk": record.pk})
    return f"{reverse('confirmations_personal_data')}?{query}"


class PersonalDataForm(forms.Form):
    email = EmailAddressField(
        label="Their email address",
        help_text="Upper and lower case, and spaces at either end, make no difference.",
        error_messages={"required": "Enter their email address"},
    )


class PersonalDataView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "confirmations/admin/personal_data.html"
    page_title = "Personal data requests"
    header_icon = "user"
    breadcrumbs_items = [{"url": reverse_lazy("wagtailadmin_home"), "label": "Home"}]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        email = self.email_from_record(request.GET.get("model", ""), request.GET.get("pk", ""))
        form = PersonalDataForm(initial={"email": email})
        return self.render_to_response(self.get_context_data(form=form, email=email))

    def email_from_record(self, label, pk):
        """The address of a record picked from a listing (``?model=app.model&pk=N``)."""
        models = {model._meta.label_lower: model for model in subject_data.record_models()}
        model = models.get(label.lower())
        if model is None or not pk.isdigit():
            return ""
        record = model.objects.filter(pk=pk).first()
        return record.email if record else ""

    def post(self, request, *args, **kwargs):
        form = PersonalDataForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, email=""))
        email = form.cleaned_data["email"]
        action = request.POST.get("action", "find")
        if action == "export":
            data = json.dumps(subject_data.export(email), indent=2, ensure_ascii=False)
            response = HttpResponse(data, content_type="application/json; charset=utf-8")
            filename = f"personal-data-{email_digest(email)}.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        if action == "erase":
            if request.POST.get("confirm") != "yes":
                messages.error(request, "Tick the box to confirm before erasing.")
                return self.render_to_response(self.get_context_data(form=form, email=email))
            erased = subject_data.erase(email)
            if erased:
                messages.success(request, "Everything we held about that person has been erased.")
            else:
                messages.warning(request, "We hold nothing about that address, so nothing was erased.")
            return redirect(reverse("confirmations_personal_data"))
        return self.render_to_response(self.get_context_data(form=form, email=email))

    def get_context_data(self, *, email, **kwargs):
        context = super().get_context_data(**kwargs)
        if email:
            context["email"] = email
            context["rows"] = [
                (record.get_held_in_label(), record) for record in subject_data.find_records(email)
            ]
            context["summary"] = subject_data.summary(email)
        return context
