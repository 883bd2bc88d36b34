"""Admin listings for records the public makes (sign-ups, pledges, bookings).

* ``ReadOnlyModelViewSet``: list, search, filter, export and inspect; nothing
  is added, edited or deleted here.
* ``ConfirmableRecordViewSet``: the same for any ``ConfirmableRecord`` model,
  with the export permission, formula-safe downloads, counts by status, and each
  person's consent, emails and personal data on their record's page.
"""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.urls import path
from django.utils.functional import cached_property
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from .admin_views import PERMISSION, personal_data_url
from .models import ConfirmableRecord


class ReadOnlyModelViewSet(ModelViewSet):
    """List, search, filter, export and inspect; no add, edit, copy or delete.

    People create and change these records themselves, through links only they
    have; a convenor must not edit someone's consent. Deleting a person goes
    through "Personal data requests", which removes everything at once.
    """

    inspect_view_enabled = True
    copy_view_enabled = False
    # Nothing links to these records: no reference-index work on every save.
    add_to_reference_index = False

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, edit_url_name=None, delete_url_name=None)
        return view_kwargs

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
        ]

    @property
    def url_finder_class(self):
        # Links from elsewhere in the admin (such as reports) go to the inspect page.
        return type(
            "_InspectURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )


# Records people confirm by email (sign-ups, signatures, bookings) ---------------------

#: What a spreadsheet program may take for the start of a formula. The full-width
#: forms are there because some spreadsheet programs read them as the plain ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def looks_like_formula(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def spreadsheet_safe(value):
    """Text a spreadsheet shows as typed: an apostrophe goes before anything
    that could start a formula (the usual way to say "this is text")."""
    value = "" if value is None else str(value)
    return "'" + value if looks_like_formula(value) else value


class StatusColumn(Column):
    """The record's status, in the app's own words (``status_labels``)."""

    def __init__(self, name="status", label="Status", **kwargs):
        kwargs.setdefault("accessor", "get_status_display")
        super().__init__(name, label=label, **kwargs)


class ConfirmableRecordFilterSet(WagtailFilterSet):
    """Filters by status, with the app's words for each status. Subclass it to
    add filters (set ``Meta.model``)."""

    status = django_filters.ChoiceFilter(label="Status", empty_label="All", widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["status"].extra["choices"] = self._meta.model.status_choices()


class ConfirmableRecordIndexView(IndexView):
    """The listing: counts by status, and downloads only for those allowed."""

    results_template_name = "confirmations/admin/index_results.html"
    export_permission = None
    export_statuses = (ConfirmableRecord.Status.CONFIRMED,)
    status_counts_heading = ""
    export_help_text = ""

    def user_can_export(self):
        return bool(self.export_permission) and self.request.user.has_perm(self.export_permission)

    @cached_property
    def show_export_buttons(self):
        return bool(self.list_export) and self.user_can_export()

    def get(self, request, *args, **kwargs):
        if self.is_export and not self.user_can_export():
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.is_export:
            # Whatever the listing is filtered to, a download holds only these.
            queryset = queryset.filter(status__in=self.export_statuses)
        return queryset

    def get_status_counts(self):
        counts = dict(self.model._default_manager.values_list("status").annotate(n=Count("pk")).order_by())
        return [(label, counts.get(value, 0)) for value, label in self.model.status_choices()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            status_counts=self.get_status_counts(),
            status_counts_heading=self.status_counts_heading,
            can_export=self.user_can_export(),
            export_help_text=self.export_help_text,
        )
        return context

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm(PERMISSION):
            buttons.append(
                MenuItem(
                    "Download or erase their data",
                    url=personal_data_url(instance),
                    icon_name="user",
                    priority=40,
                )
            )
        return buttons

    # Downloads ------------------------------------------------------------------------

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        if "status" in row:
            row["status"] = item.get_status_display()
        return row

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            # After any app's own preprocessing, so no column can escape it.
            return spreadsheet_safe(value)
        return value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            if looks_like_formula(cell.value):
                # Stored as text, exactly as typed, and marked so that the
                # spreadsheet keeps it as text even when someone edits the cell.
                cell.data_type = "s"
                cell.quotePrefix = True
            yield cell


class ConfirmableRecordInspectView(InspectView):
    """A record's page: its fields, its consent history and the emails sent."""

    template_name = "confirmations/admin/inspect.html"
    emails_shown = 20

    def get_field_label(self, field_name, field):
        if field is not None:
            return self.model.field_label(field_name)
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["consents"] = self.object.consents.select_related("consent_text")
        context["emails"] = self.object.emails.all()[: self.emails_shown]
        if self.request.user.has_perm(PERMISSION):
            context["personal_data_url"] = personal_data_url(self.object)
        return context


class ConfirmableRecordViewSet(ReadOnlyModelViewSet):
    """The admin for any ``ConfirmableRecord`` model. Set ``model``, the menu,
    ``list_display`` (use ``StatusColumn()``), ``list_export`` and
    ``export_headings``, and:

    * ``export_permission``: who may download, such as
      ``"mailing_list.export_subscribers"``. Without it the downloads are not
      offered and are refused; with none set, nobody may download.
    * ``export_statuses``: which records a download holds (confirmed only by
      default), whatever the listing is filtered to.
    * ``status_counts_heading`` and ``export_help_text``: the words above the
      listing.
    * ``list_filter``: model fields to filter by as well as the status, such
      as ``["gathering"]``; or ``filterset_class``, a
      ``ConfirmableRecordFilterSet`` subclass, for filters of your own.
    * ``custom_field_preprocess``: Wagtail's per-column download functions,
      such as ``{"wants_posts": {"csv": yes_no, "xlsx": yes_no}}``.

    Every text cell of a download is made safe from spreadsheet formulas. The
    record's page shows its consent records and emails, and both it and the
    listing's row menu offer "Download or erase their data" to those who
    handle personal data requests.
    """

    index_view_class = ConfirmableRecordIndexView
    inspect_view_class = ConfirmableRecordInspectView
    export_permission = None
    export_statuses = (ConfirmableRecord.Status.CONFIRMED,)
    status_counts_heading = "By status"
    export_help_text = (
        "Downloads (in the ⋯ menu above) hold confirmed records only. Keep downloaded files "
        "safe and delete them when you have finished."
    )
    custom_field_preprocess = {}

    @cached_property
    def filterset_class(self):
        # The status filter, plus any model fields named in list_filter.
        fields = [] if self.list_filter in (self.UNDEFINED, None) else self.list_filter
        meta = type("Meta", (), {"model": self.model, "fields": fields})
        return type(f"{self.model.__name__}FilterSet", (ConfirmableRecordFilterSet,), {"Meta": meta})

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            export_permission=self.export_permission,
            export_statuses=self.export_statuses,
            status_counts_heading=self.status_counts_heading,
            export_help_text=self.export_help_text,
            custom_field_preprocess=self.custom_field_preprocess,
            **kwargs,
        )
