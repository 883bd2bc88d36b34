"""Where something happens: England's nine regions, plus the whole country and
online. Glimpses and gatherings both use these, so a reader can follow one place
across the site."""

from django.db import models


class Region(models.TextChoices):
    NORTH_EAST = "north-east", "North East"
    NORTH_WEST = "north-west", "North West"
    YORKSHIRE = "yorkshire-and-the-humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east-midlands", "East Midlands"
    WEST_MIDLANDS = "west-midlands", "West Midlands"
    EAST = "east-of-england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"
    NATIONAL = "national", "Across England"
    ONLINE = "online", "Online"


#: The nine regions that are places on a map (not "across England" or "online").
MAP_REGIONS = [region for region in Region if region not in (Region.NATIONAL, Region.ONLINE)]
