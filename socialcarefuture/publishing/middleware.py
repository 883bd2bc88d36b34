"""Personal records answer a plain 403 to anyone not allowed to see them.

Wagtail turns a refused admin page into a redirect to the dashboard. For pages
that list, download or show personal data (every ConfirmableRecord model, the
consent wordings and records, the outbox, personal data requests, and any
model an app declares in ``RolePermissions.personal_models``) this answers 403
instead, before the view runs, so nothing personal is ever read for someone who
may not see it, and the refusal is plain to tests and logs.
"""

from functools import cache

from django.conf import settings
from django.shortcuts import render

from .roles import personal_models


@cache
def _personal_model_set():
    return frozenset(personal_models())


def required_permissions(view_func):
    """The permissions of which the person needs one for this view, or None
    when the view shows no personal data."""
    view_class = getattr(view_func, "view_class", None)
    if view_class is None:
        return None
    from socialcarefuture.confirmations.admin_views import PERMISSION, PersonalDataView

    if issubclass(view_class, PersonalDataView):
        return [PERMISSION]
    model = (getattr(view_func, "view_initkwargs", None) or {}).get("model") or getattr(
        view_class, "model", None
    )
    if model is None or model not in _personal_model_set():
        return None
    opts = model._meta
    return [f"{opts.app_label}.{action}_{opts.model_name}" for action in ("view", "change", "delete")]


class PersonalRecordsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(settings.ADMIN_PATH_PREFIXES):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # Wagtail sends them to the login page
        needed = required_permissions(view_func)
        if needed is None or any(user.has_perm(name) for name in needed):
            return None
        return render(request, "publishing/personal_records_403.html", status=403)
