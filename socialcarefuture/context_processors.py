from django.conf import settings


def site(request):
    """Values every template may need: the public base URL."""
    return {"SITE_URL": settings.SITE_URL}
