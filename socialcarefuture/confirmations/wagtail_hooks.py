from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn

from .admin_views import PERMISSION, PersonalDataView
from .admin_viewsets import ReadOnlyModelViewSet
from .models import ConsentText, OutgoingEmail


@hooks.register("register_admin_urls")
def register_personal_data_url():
    return [path("personal-data/", PersonalDataView.as_view(), name="confirmations_personal_data")]


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(
        "Personal data requests", reverse("confirmations_personal_data"), icon_name="user", order=900
    )


@hooks.register("register_permissions")
def register_personal_data_permission():
    # Shown in Settings > Groups, so that it can be given to a group of convenors.
    app_label, codename = PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


class OutgoingEmailViewSet(ReadOnlyModelViewSet):
    """The outbox, for whoever looks after the site: what is waiting, sent or stuck."""

    model = OutgoingEmail
    icon = "mail"
    menu_label = "Outgoing emails"
    add_to_settings_menu = True
    menu_order = 910
    list_display = [
        "subject",
        "kind",
        Column("status", label="Status", accessor="get_status_display"),
        "attempts",
        DateColumn("created_at", label="Stored"),
        DateColumn("sent_at", label="Sent"),
    ]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "kind", "to"]
    inspect_view_fields = [
        "to",
        "subject",
        "kind",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "body_text",
    ]


class ConsentTextViewSet(ReadOnlyModelViewSet):
    """Every consent wording people have agreed to, version by version."""

    model = ConsentText
    icon = "doc-full"
    menu_label = "Consent wordings"
    add_to_settings_menu = True
    menu_order = 920
    list_display = ["__str__", "text", DateColumn("created_at", label="First shown")]
    list_filter = ["purpose"]
    inspect_view_fields = ["purpose", "version", "text", "created_at"]


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutgoingEmailViewSet("outgoing_emails")


@hooks.register("register_admin_viewset")
def register_consent_text_viewset():
    return ConsentTextViewSet("consent_wordings")
