"""Settings → "Login lockouts": who is locked out of logging in, and a button to
lift a lockout (for a convenor who mistyped their password too often)."""

import logging
from datetime import timedelta

import django_filters
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import path
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

logger = logging.getLogger("socialcarefuture.security.logins")


def locked_until(attempt):
    if attempt.failures_since_start < settings.AXES_FAILURE_LIMIT:
        return None
    until = attempt.attempt_time + settings.AXES_COOLOFF_TIME
    return until if until > timezone.now() else None


def lockout_state(attempt):
    until = locked_until(attempt)
    if until:
        return f"Locked until {timezone.localtime(until):%H:%M on %d/%m/%Y}"
    return "Not locked"


def is_locked_q():
    return Q(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gt=timezone.now() - settings.AXES_COOLOFF_TIME,
    )


class LockoutFilterSet(WagtailFilterSet):
    locked = django_filters.BooleanFilter(label="Locked now", method="filter_locked")

    def filter_locked(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(is_locked_q()) if value else queryset.exclude(is_locked_q())

    class Meta:
        model = AccessAttempt
        fields = []


class LockoutIndexView(IndexView):
    page_title = "Login lockouts"

    def get_base_queryset(self):
        # Only recent failures matter; older rows are past their lockout.
        since = timezone.now() - max(settings.AXES_COOLOFF_TIME, timedelta(days=1))
        return super().get_base_queryset().filter(attempt_time__gte=since)


class UnlockView(DeleteView):
    """Lift a lockout: the failed attempts are forgotten and the person can try again."""

    page_title = "Lift this lockout"
    success_message = "Lockout lifted for %(object)s. They can log in again now."

    def get_page_subtitle(self):
        return describe(self.object)

    @property
    def confirmation_message(self):
        return (
            f"Lift the lockout for {describe(self.object)}? The failed attempts are forgotten, "
            f"and whoever is at that address can try to log in as that user again."
        )

    def get_success_message(self):
        return self.success_message % {"object": describe(self.object)}

    def delete_action(self):
        logger.warning(
            "Login lockout lifted: username %r from %s, by %s",
            self.object.username,
            self.object.ip_address,
            self.request.user.get_username(),
        )
        self.object.delete()


def describe(attempt):
    return f"“{attempt.username or '(no username)'}” from {attempt.ip_address or 'an unknown address'}"


class LoginLockoutViewSet(ModelViewSet):
    model = AccessAttempt
    name = "login_lockouts"
    url_prefix = "login-lockouts"
    icon = "lock"
    menu_label = "Login lockouts"
    add_to_settings_menu = True
    menu_order = 920
    add_to_reference_index = False
    index_view_class = LockoutIndexView
    delete_view_class = UnlockView
    filterset_class = LockoutFilterSet
    search_fields = ["username"]
    ordering = ["-attempt_time"]
    list_display = [
        TitleColumn("username", label="Username", get_url=lambda attempt: lockouts.unlock_url(attempt)),
        Column("ip_address", label="Address"),
        Column("failures_since_start", label="Failed attempts"),
        DateColumn("attempt_time", label="Last attempt"),
        Column("state", label="Lockout", accessor=lockout_state),
    ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, edit_url_name=None, inspect_url_name=None, usage_url_name=None)
        return view_kwargs

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"unlock/<{conv}:pk>/", self.delete_view, name="delete"),
        ]

    def unlock_url(self, attempt):
        from django.urls import reverse

        return reverse(self.get_url_name("delete"), args=[attempt.pk])


lockouts = LoginLockoutViewSet()


@hooks.register("register_admin_viewset")
def register_login_lockouts():
    return lockouts


@hooks.register("register_permissions")
def register_lockout_permissions():
    # Settings > Groups: "view" sees the list, "delete" lifts a lockout.
    return Permission.objects.filter(
        content_type__app_label="axes",
        content_type__model="accessattempt",
        codename__in=["view_accessattempt", "delete_accessattempt"],
    )
