from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from .calendar import calendar_response
from .models import GatheringIndexPage, GatheringPage


@require_safe
def all_upcoming(request):
    """Every gathering still to come (a cancelled one says so), soonest first."""
    index_page = GatheringIndexPage.objects.live().public().first()
    if index_page is None:
        raise Http404("No gatherings page")
    gatherings = (
        index_page.get_gatherings().upcoming().order_by("starts_at", "pk").prefetch_related("sessions")
    )
    return calendar_response(gatherings, filename=None, name="Social Care Future gatherings")


@require_safe
def one_gathering(request, slug):
    gathering = get_object_or_404(
        GatheringPage.objects.live().public().prefetch_related("sessions"), slug=slug
    )
    return calendar_response([gathering], filename=f"{gathering.slug}.ics", name=gathering.title)
