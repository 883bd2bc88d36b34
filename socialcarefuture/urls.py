import re

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_views

from . import views
from .security.logins import FrontendLoginForm, password_throttle

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's page and document password forms, with wrong guesses limited
    # (the same paths and names as Wagtail's own, which they come before).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        password_throttle(wagtail_views.authenticate_with_password),
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        password_throttle(wagtaildocs_views.authenticate_with_password),
        name="wagtaildocs_authenticate_with_password",
    ),
    # Wagtail's login for restricted pages (same path and name), in our own words.
    path(
        "_util/login/",
        auth_views.LoginView.as_view(
            template_name="wagtailcore/login.html", authentication_form=FrontendLoginForm
        ),
        name="wagtailcore_login",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", views.search, name="search"),
    # The links in glimpse suggestion emails; the rest of /glimpses/ is pages.
    path("glimpses/share/", include("glimpses.urls")),
    path("healthz/", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon_ico, name="favicon_ico"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("mailing-list/", include("socialcarefuture.mailing_list.urls")),
    # Booking a gathering and the links in booking emails (CSRF-exempt where double opt-in).
    path("bookings/", include("gatherings.urls")),
    # Gathering calendars (.ics): a page address cannot end in a file name.
    path("gatherings/", include("gatherings.calendar_urls")),
    # The pledge's form and email links: they must work without a CSRF token,
    # which Wagtail's page view cannot do (see pledge/views.py).
    path("pledge/", include("pledge.urls")),
]

if settings.SERVE_MEDIA and settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    urlpatterns += [
        re_path(
            r"^{}(?P<path>.*)$".format(re.escape(settings.MEDIA_URL.lstrip("/"))),
            cache_control(public=True, max_age=86400)(serve),
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]

urlpatterns += [
    # Everything else is a Wagtail page.
    path("", include(wagtail_urls)),
]

handler404 = "socialcarefuture.views.page_not_found"
handler500 = "socialcarefuture.views.server_error"
