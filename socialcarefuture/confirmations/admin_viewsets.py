"""Admin listings for records the public makes (sign-ups, pledges, bookings)."""

from django.urls import path
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.viewsets.model import ModelViewSet


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
