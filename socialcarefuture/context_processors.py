from django.conf import settings


def site(request):
    """Values every template may need: the public base URL, the head script."""
    return {"SITE_URL": settings.SITE_URL, "HEAD_SCRIPT": settings.HEAD_SCRIPT}
