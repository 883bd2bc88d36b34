import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", views.search, name="search"),
    path("healthz/", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon_ico, name="favicon_ico"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("mailing-list/", include("socialcarefuture.mailing_list.urls")),
    # Booking a gathering and the links in booking emails (CSRF-exempt where double opt-in).
    path("bookings/", include("gatherings.urls")),
    # Gathering calendars (.ics): a page address cannot end in a file name.
    path("gatherings/", include("gatherings.calendar_urls")),
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
