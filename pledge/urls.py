"""Pledge addresses that are not routes of the pledge page (see views.py for
why). Included at /pledge/ before Wagtail's own URLs; the page's routes
(signatories/, check-your-inbox/, withdrawn/) are in models.py."""

from django.urls import path

from . import views

app_name = "pledge"

urlpatterns = [
    path("sign/", views.SignView.as_view(), name="sign"),
    path("confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("withdraw/<str:token>/", views.WithdrawView.as_view(), name="withdraw"),
    path("signed/<str:token>/", views.SignedView.as_view(), name="signed"),
    path("badge.svg", views.badge, name="badge"),
]
