from django.urls import path

from . import views

app_name = "mailing_list"

urlpatterns = [
    path("", views.SignUpView.as_view(), name="signup"),
    path("check-your-inbox/", views.CheckInboxView.as_view(), name="check_inbox"),
    path("confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("confirmed/", views.ConfirmedView.as_view(), name="confirmed"),
    path("preferences/<str:token>/", views.PreferencesView.as_view(), name="preferences"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("unsubscribed/", views.UnsubscribedView.as_view(), name="unsubscribed"),
]
