"""A URLconf for tests of the shared pieces, as a new app would use them.

The site's own URLs, plus:

* ``/test-signup/``: ``SignUpView`` with a different form (the mailing list's
  ``Subscriber`` stands in for a new app's record, since a test-only model would
  need a migration), a normal CSRF-protected form, its own rate limits, and
  hooks that a booking or the pledge would use (lookup, after_sign_up, refusal).
* ``/test-links/``: ``ConfirmRecordView`` and ``WithdrawRecordView`` with their
  own templates and redirects.
* ``/admin/test_records/`` and ``/admin/test_pending/``: two more
  ``ConfirmableRecordViewSet`` admins over the same model, one exporting every
  text column and the status, one with no export permission at all.
"""

from django import forms
from django.template import engines
from django.urls import include, path

from socialcarefuture.confirmations.abuse import RateLimit
from socialcarefuture.confirmations.admin_viewsets import ConfirmableRecordViewSet, StatusColumn
from socialcarefuture.confirmations.forms import (
    EmailAddressField,
    HoneypotFormMixin,
    PlainTextField,
    SourcePathField,
)
from socialcarefuture.confirmations.models import ConsentWording, SignUpRefused
from socialcarefuture.confirmations.views import ConfirmRecordView, SignUpView, WithdrawRecordView
from socialcarefuture.mailing_list.models import Subscriber
from socialcarefuture.urls import urlpatterns as site_urlpatterns

WORDING = ConsentWording(purpose="test_booking", text="Yes, please keep my place and email me about it.")

SIGNUP_PAGE = """{% include "components/error_summary.html" %}
<form method="post">{% csrf_token %}{{ form.as_div }}</form>"""

RECORD_PAGE = """<h1>{{ record.email }}: {{ record.get_status_display }}</h1><p>{{ crumbs }}</p>"""


class InlineTemplateMixin:
    """Test views render a template written here, not a file."""

    template_code = ""

    def get_template_names(self):
        return engines["django"].from_string(self.template_code)


class BookingForm(HoneypotFormMixin, forms.Form):
    email = EmailAddressField()
    name = PlainTextField(noun="your name", label="Your name")
    also_posts = forms.BooleanField(required=False, label="Also tell me about new posts")
    consent = forms.BooleanField(label=WORDING.text)
    source = SourcePathField(fallback="/test-signup/")


class BookingView(InlineTemplateMixin, SignUpView):
    """As a gathering booking would be: one place per address per 'gathering'."""

    template_code = SIGNUP_PAGE
    form_class = BookingForm
    record_model = Subscriber
    consent = WORDING
    success_url = "/test-signup/thanks/"
    form_id_prefix = "booking-"
    ip_rate_limits = (RateLimit("test-booking-ip", limit=3, period=60),)
    address_rate_limits = (RateLimit("test-booking-address", limit=2, period=3600),)
    detail_fields = ("name",)
    log_label = "Test booking"

    def get_sign_up_kwargs(self, form):
        kwargs = super().get_sign_up_kwargs(form)
        # Stands in for {"gathering": gathering}: part of what makes one record.
        kwargs["lookup"] = {"wants_gatherings": True}
        kwargs["choices"] = {"also_posts": form.cleaned_data["also_posts"]}
        return kwargs

    def sign_up(self, form):
        if form.cleaned_data["name"] == "Full House":
            raise SignUpRefused("Sorry, this gathering is full.")
        if form.cleaned_data["name"] == "Bad Name":
            raise SignUpRefused("We cannot book a place under that name.", field="name")
        return super().sign_up(form)

    def after_sign_up(self, form, signup):
        if form.cleaned_data["also_posts"]:
            Subscriber.objects.filter(pk=signup.record.pk).update(wants_posts=True)
        if form.cleaned_data["name"] == "Late Refusal":
            # Refused after the record was made: the whole sign-up is undone.
            raise SignUpRefused("Sorry, the last place has just gone.")


class TestConfirmView(InlineTemplateMixin, ConfirmRecordView):
    model = Subscriber
    template_code = RECORD_PAGE
    success_url = "/test-links/booked/"
    parent_crumb = ("Bookings", "/test-signup/")
    crumb = "Confirm your place"
    start_again_url = "/test-signup/"
    start_again_text = "Book again"


class TestConfirmViewWithItsOwnDispatch(TestConfirmView):
    """As an app's link view that works something out before the shared one runs."""

    def dispatch(self, request, *args, **kwargs):
        self.crumb = "Confirm your place (own dispatch)"
        return super().dispatch(request, *args, **kwargs)


class TestCancelView(InlineTemplateMixin, WithdrawRecordView):
    model = Subscriber
    template_code = RECORD_PAGE
    success_url = "/test-links/cancelled/"
    crumb = "Cancel your place"
    log_label = "Test cancel"


def yell(value):
    """An app's own download function that returns something hostile."""
    return f"=UPPER({value!r})"


all_text = ConfirmableRecordViewSet(
    "test_records",
    model=Subscriber,
    menu_label="Test records",
    list_display=["email", StatusColumn()],
    list_filter=["wants_local"],
    export_permission="mailing_list.export_subscribers",
    list_export=["email", "name", "status", "interests_display", "wants_posts"],
    export_headings={
        "email": "Email address",
        "interests_display": "Interests",
        "wants_posts": "Wants posts",
    },
    custom_field_preprocess={"wants_posts": {"csv": yell, "xlsx": yell}},
    export_filename="test-records",
)
no_permission = ConfirmableRecordViewSet(
    "test_pending",
    model=Subscriber,
    list_display=["email"],
    list_export=["email"],
    export_statuses=(Subscriber.Status.PENDING,),
)

urlpatterns = [
    path("test-signup/", BookingView.as_view()),
    path("test-links/confirm/<str:token>/", TestConfirmView.as_view()),
    path("test-links/confirm-own/<str:token>/", TestConfirmViewWithItsOwnDispatch.as_view()),
    path("test-links/cancel/<str:token>/", TestCancelView.as_view()),
    *[
        path(f"admin/{viewset.url_prefix}/", include((viewset.get_urlpatterns(), viewset.url_namespace)))
        for viewset in (all_text, no_permission)
    ],
    *site_urlpatterns,
]
