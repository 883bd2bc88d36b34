"""The links in the emails about a suggestion, under /glimpses/share/.

They are Django URLs, not routes of the glimpses page, because pressing their
button is a POST that must skip Django's CSRF check: the signed token in the
address is the proof (see socialcarefuture/confirmations/views.py), and the
page is sent with ``Referrer-Policy: no-referrer``, so the browser's ``Origin``
is "null". A route's view is reached through Wagtail's page view, which the
CSRF middleware checks first. The form and the pages after it stay routes.
"""

from django.urls import path

from . import views

app_name = "glimpses"

urlpatterns = [
    path("confirm/<str:token>/", views.ConfirmSuggestionView.as_view(), name="confirm"),
    path("withdraw/<str:token>/", views.WithdrawSuggestionView.as_view(), name="withdraw"),
]
