"""What happens when a gathering is published: a cancelled gathering tells
everyone booked (once each); more places move people up from the waiting list."""

from django.db import transaction
from wagtail.signals import page_published

from .models import GatheringPage, GatheringStatus, tell_bookers_gathering_cancelled


def gathering_published(sender, instance, **kwargs):
    gathering = instance
    if gathering.status == GatheringStatus.CANCELLED:
        tell_bookers_gathering_cancelled(gathering)
        return
    with transaction.atomic():
        GatheringPage.lock(gathering.pk)
        GatheringPage.objects.get(pk=gathering.pk).fill_places()


page_published.connect(gathering_published, sender=GatheringPage)
