"""Gatherings: in person, online and hybrid, with structured access information,
flyers, calendars and booking with a waiting list.

* ``GatheringIndexPage``: the list at /gatherings/ (upcoming first, then past)
  and the calendar feed of everything coming up.
* ``GatheringPage``: one gathering, with its programme (``GatheringSession``,
  each with its own times), place or online joining, access support, cost,
  flyers and booking (none, on another site, or here).
* ``Booking``: one person's booking, a ``ConfirmableRecord``. A place is held
  only once they confirm by email; then they have a place, join the waiting
  list, or are told it is full. Every change to places happens with the
  gathering's row locked (``GatheringPage.lock``), so people booking the last
  places at once never over-fill it and never lose their place in the queue.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from socialcarefuture import page_cache
from socialcarefuture.blocks import BodyBlock
from socialcarefuture.confirmations.models import ConfirmableRecord, ConsentWording
from socialcarefuture.images import SOCIAL_RENDITION
from socialcarefuture.listing import ListingPageMixin
from socialcarefuture.models import BasePage, optional_image
from socialcarefuture.publishing.forms import PageForm
from socialcarefuture.queries import CardQuerySet
from socialcarefuture.regions import Region
from socialcarefuture.utils import absolute_url, organisation_json_ld

from . import dates


class Format(models.TextChoices):
    IN_PERSON = "in-person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid (in person and online)"


FORMAT_SHORT = {Format.IN_PERSON: "In person", Format.ONLINE: "Online", Format.HYBRID: "Hybrid"}


class GatheringStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Going ahead"
    CANCELLED = "cancelled", "Cancelled"


class BookingType(models.TextChoices):
    NONE = "none", "No booking: people just come along (or join online)"
    EXTERNAL = "external", "People book on another website"
    BUILT_IN = "built-in", "People book here, on this website"


class BookingState(models.TextChoices):
    """Where booking stands for a gathering with built-in booking."""

    OPEN = "open", "Places available"
    WAITING_LIST = "waiting-list", "Fully booked: waiting list open"
    FULL = "full", "Fully booked"
    STARTED = "started", "Booking has closed"
    CANCELLED = "cancelled", "Cancelled"


#: The access support a gathering can offer: (field, what people read, icon in the sprite).
ACCESS_FEATURES = [
    ("step_free", "Step-free access", "step-free"),
    ("bsl", "British Sign Language (BSL) interpreters", "bsl"),
    ("live_captions", "Live captions", "captions"),
    ("hearing_loop", "Hearing loop", "hearing-loop"),
    ("quiet_space", "Quiet space", "quiet"),
    ("easy_read", "Easy Read materials", "easy-read"),
    ("personal_assistants_free", "Personal assistants come free", "assistant"),
    ("lived_experience_paid", "Expenses or payment for people with lived experience", "payment"),
]


# The index ------------------------------------------------------------------------------


class GatheringIndexPage(ListingPageMixin, RoutablePageMixin, BasePage):
    """/gatherings/: what is coming up, soonest first, then what has been."""

    introduction = models.TextField(
        max_length=600,
        blank=True,
        help_text="A sentence or two at the top of the page, saying what gatherings are and who they are for.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["socialcarefuture.HomePage"]
    subpage_types = ["gatherings.GatheringPage"]
    max_count = 1
    template = "gatherings/gathering_index_page.html"
    type_label = "Gatherings"
    listing_class = "gatherings.listing.GatheringListing"

    class Meta:
        verbose_name = "gatherings index page"

    def get_body_text(self):
        return self.introduction

    def get_gatherings(self):
        return GatheringPage.objects.child_of(self).live().public()

    def get_listing_queryset(self, request):
        return self.get_gatherings().listing_order()

    @path("")
    def index_route(self, request, *args, **kwargs):
        # A route, as on the blog: ListingPageMixin.serve takes every Page for a
        # routable one (Wagtail's Page has get_route_paths too).
        return self.serve_listing(request)

    def get_calendar_url(self):
        return reverse("gatherings_calendar")


# Gatherings -------------------------------------------------------------------------------


class GatheringQuerySet(CardQuerySet):
    def upcoming(self, now=None):
        """Not over yet: a gathering that has started but not ended is still upcoming."""
        return self.filter(ends_at__gt=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lte=now or timezone.now())

    def listing_order(self, now=None):
        """Upcoming first, soonest first; then past ones, newest first."""
        now = now or timezone.now()
        return self.annotate(
            is_past=models.Case(
                models.When(ends_at__lte=now, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
            upcoming_start=models.Case(
                models.When(ends_at__gt=now, then=F("starts_at")),
                default=None,
                output_field=models.DateTimeField(),
            ),
        ).order_by("is_past", F("upcoming_start").asc(nulls_last=True), F("starts_at").desc(), "pk")

    def with_counts(self):
        """``held_count``, ``waiting_count`` and ``session_count``, one subquery each."""

        def count(model, **filters):
            rows = (
                model.objects.filter(**filters)
                .order_by()
                .values("gathering" if model is Booking else "page")
                .annotate(n=Count("pk"))
                .values("n")
            )
            return Coalesce(Subquery(rows), 0)

        return self.annotate(
            held_count=count(Booking, gathering=OuterRef("pk"), status="confirmed", place="held"),
            waiting_count=count(Booking, gathering=OuterRef("pk"), status="confirmed", place="waiting"),
            session_count=count(GatheringSession, page=OuterRef("pk")),
        )

    def for_listing(self):
        """Everything a card needs, in a fixed number of queries."""
        return self.defer_streamfields().with_counts().with_card_pictures()


GatheringManager = PageManager.from_queryset(GatheringQuerySet)


class GatheringPageForm(PageForm):
    """Checks what only makes sense together: times, sessions, place and booking."""

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "The end must be after the start.")
            ends_at = None
        sessions = self.formsets.get("sessions")
        if sessions is not None:
            sessions.is_valid()  # cleans each session's form, so its times can be compared here
            for form in sessions.forms:
                if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                    continue
                start, end = form.cleaned_data.get("starts_at"), form.cleaned_data.get("ends_at")
                if start and end and end <= start:
                    form.add_error("ends_at", "A session must end after it starts.")
                elif starts_at and ends_at and start and end and (start < starts_at or end > ends_at):
                    form.add_error(
                        "starts_at",
                        "This session is outside the gathering's own times. Change the session, "
                        "or the gathering's start and end.",
                    )
        booking_type = cleaned.get("booking_type")
        if booking_type == BookingType.EXTERNAL and not cleaned.get("external_booking_url"):
            self.add_error("external_booking_url", "Give the address of the booking page.")
        if booking_type == BookingType.BUILT_IN and not cleaned.get("capacity"):
            self.add_error("capacity", "Say how many places there are, so we know when it is full.")
        gathering_format = cleaned.get("format")
        if gathering_format in (Format.IN_PERSON, Format.HYBRID) and not cleaned.get("venue_name"):
            self.add_error("venue_name", "Say where it is: the name of the venue.")
        if cleaned.get("is_free") is False and cleaned.get("price") is None and not cleaned.get("cost_notes"):
            self.add_error("cost_notes", "Say what it costs, as a price or in words.")
        return cleaned


class GatheringPage(RoutablePageMixin, BasePage):
    """One gathering: what it is for, when, where (or how to join), access, cost,
    flyers, calendar and booking."""

    # Loaded with the page when it answers its address (see BasePage.get_route_queryset).
    card_related = (*BasePage.card_related, "hero_image")
    route_related = card_related

    # What and who
    introduction = models.TextField(
        "what it is for",
        max_length=600,
        help_text="Two or three sentences on what the gathering is for and what will happen. Plain English.",
    )
    audience = models.TextField(
        "who it is for",
        max_length=600,
        blank=True,
        help_text=(
            "Who should come, for example 'Everyone is welcome: people who draw on care and support, "
            "families, workers and councils.'"
        ),
    )
    hero_image = optional_image(
        "A bright picture at the top of the page, also used on cards. Its artist credit is shown with it.",
        verbose_name="main picture",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name="more about it",
        help_text="Anything else people should know: speakers, what to bring, stories from last time.",
    )

    # When
    starts_at = models.DateTimeField(
        "starts",
        help_text=(
            "When the gathering begins, UK time. For a gathering over several days, the start of the "
            "first day."
        ),
    )
    ends_at = models.DateTimeField(
        "ends",
        help_text="When it ends, UK time. For several days, the end of the last day.",
    )
    status = models.CharField(
        max_length=20,
        choices=GatheringStatus.choices,
        default=GatheringStatus.SCHEDULED,
        help_text=(
            "Choose 'Cancelled' and publish to call the gathering off. Everyone with a booking is "
            "emailed once, with the note below."
        ),
    )
    cancellation_note = models.TextField(
        max_length=600,
        blank=True,
        help_text="If it is cancelled: a short, kind note saying why and what happens next.",
    )

    # Where
    format = models.CharField(
        max_length=20,
        choices=Format.choices,
        default=Format.IN_PERSON,
        help_text="Whether people come in person, join online, or can do either.",
    )
    region = models.CharField(
        max_length=40,
        choices=Region.choices,
        help_text="Where it happens. Choose 'Online' for online-only gatherings. People can filter by this.",
    )
    venue_name = models.CharField(
        "venue",
        max_length=150,
        blank=True,
        help_text="The name of the building, for example 'Friends Meeting House'.",
    )
    street_address = models.TextField(
        max_length=300,
        blank=True,
        help_text="The street address, one part a line. Leave out the town and postcode.",
    )
    town = models.CharField(
        "town or city",
        max_length=100,
        blank=True,
        help_text="Shown on cards, for example 'Manchester'.",
    )
    postcode = models.CharField(max_length=10, blank=True, help_text="For example 'M2 5NS'.")
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="Optional: for an exact map pin. Find it on openstreetmap.org (right-click, 'Show address').",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="Optional: goes with the latitude.",
    )
    getting_there = models.TextField(
        max_length=800,
        blank=True,
        help_text="Nearest station and bus stops, parking, Blue Badge spaces, which door to use.",
    )
    online_platform = models.CharField(
        "online platform",
        max_length=80,
        blank=True,
        help_text="What people join with, for example 'Zoom'.",
    )
    joining_link = models.URLField(
        max_length=500,
        blank=True,
        help_text=(
            "The link to join online. With booking on this website it is only sent in booking emails, "
            "never shown on the page. With no booking it is shown on the page. With booking elsewhere, "
            "that website sends it."
        ),
    )
    joining_instructions = models.TextField(
        "how to join",
        max_length=800,
        blank=True,
        help_text="How to join online, step by step: what to download, phoning in, help on the day.",
    )

    # Access
    step_free = models.BooleanField("step-free access", default=False)
    bsl = models.BooleanField("BSL interpreters", default=False)
    live_captions = models.BooleanField("live captions", default=False)
    hearing_loop = models.BooleanField("hearing loop", default=False)
    quiet_space = models.BooleanField("quiet space", default=False)
    easy_read = models.BooleanField("Easy Read materials", default=False)
    personal_assistants_free = models.BooleanField(
        "personal assistants come free",
        default=False,
        help_text="Personal assistants and support workers come free and do not need a place of their own.",
    )
    lived_experience_paid = models.BooleanField(
        "expenses or payment for people with lived experience",
        default=False,
        help_text="We pay travel and support costs, or pay people for their time.",
    )
    access_notes = models.TextField(
        "more about access",
        max_length=1500,
        blank=True,
        help_text=(
            "Anything else: toilets, lifts, seating, breaks, food and drink, who to ask about access "
            "before the day."
        ),
    )

    # Cost
    is_free = models.BooleanField(
        "free to come",
        default=True,
        help_text="Untick if some or all people pay to come.",
    )
    price = models.DecimalField(
        "price (£)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The full price of a place in pounds, if there is one. Used by search engines.",
    )
    cost_notes = models.CharField(
        "about the cost",
        max_length=250,
        blank=True,
        help_text="For example 'Free for people who draw on care and support and family carers; £25 for organisations.'",
    )

    # Flyers
    flyer = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The flyer, usually a PDF. People can download it from the page.",
    )
    easy_read_flyer = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Easy Read flyer",
        help_text="The Easy Read version of the flyer. Shown beside the flyer.",
    )

    # Booking
    booking_type = models.CharField(
        "booking",
        max_length=20,
        choices=BookingType.choices,
        default=BookingType.BUILT_IN,
        help_text="How people get a place.",
    )
    external_booking_url = models.URLField(
        "booking page on another website",
        max_length=500,
        blank=True,
        help_text="Only for booking on another website: the address of its booking page.",
    )
    capacity = models.PositiveIntegerField(
        "places",
        null=True,
        blank=True,
        help_text=(
            "Only for booking on this website: how many places there are. A place is held when the "
            "person confirms by email. Personal assistants do not need a place."
        ),
    )
    has_waiting_list = models.BooleanField(
        "waiting list",
        default=True,
        help_text=(
            "When it is full, people can join a waiting list. When someone cancels, the first person "
            "waiting gets their place and an email."
        ),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("introduction"), FieldPanel("audience"), FieldPanel("hero_image")],
            heading="What it is and who it is for",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("status"),
                FieldPanel("cancellation_note"),
            ],
            heading="When",
        ),
        InlinePanel(
            "sessions",
            heading="Programme",
            label="Session",
            help_text=(
                "Optional. The parts of the gathering, each with its own times: an online festival "
                "over several days is one gathering with many sessions."
            ),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("format"), FieldPanel("region")]),
                FieldPanel("venue_name"),
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("town"), FieldPanel("postcode")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("getting_there"),
            ],
            heading="Where",
        ),
        MultiFieldPanel(
            [FieldPanel("online_platform"), FieldPanel("joining_link"), FieldPanel("joining_instructions")],
            heading="Joining online",
        ),
        MultiFieldPanel(
            [FieldPanel(name) for name, _label, _icon in ACCESS_FEATURES] + [FieldPanel("access_notes")],
            heading="Access support",
            help_text="Tick everything on offer. It is shown on the page and on cards, with icons.",
        ),
        MultiFieldPanel(
            [FieldPanel("is_free"), FieldPanel("price"), FieldPanel("cost_notes")],
            heading="Cost",
        ),
        MultiFieldPanel([FieldPanel("flyer"), FieldPanel("easy_read_flyer")], heading="Flyers"),
        MultiFieldPanel(
            [
                FieldPanel("booking_type"),
                FieldPanel("external_booking_url"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("has_waiting_list")]),
            ],
            heading="Booking",
        ),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("audience"),
        index.SearchField("venue_name"),
        index.SearchField("town"),
        index.SearchField("body"),
        index.FilterField("starts_at"),
        index.FilterField("ends_at"),
        index.RelatedFields("sessions", [index.SearchField("title"), index.SearchField("description")]),
    ]

    base_form_class = GatheringPageForm
    parent_page_types = ["gatherings.GatheringIndexPage"]
    subpage_types = []
    template = "gatherings/gathering_page.html"
    card_template = "gatherings/includes/gathering_card.html"
    type_label = "Gathering"

    objects = GatheringManager()

    class Meta:
        verbose_name = "gathering"
        indexes = [models.Index(fields=["ends_at", "starts_at"])]

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end must be after the start."})

    # Locking -------------------------------------------------------------------------

    @classmethod
    def lock(cls, pk):
        """Lock the gathering's row until the transaction ends (PostgreSQL: FOR UPDATE).

        Every change to who has a place takes this lock first, then the booking
        rows, always in that order, so two changes never wait for each other.
        """
        return cls.objects.select_for_update(of=("self",)).only("pk").get(pk=pk)

    # When -------------------------------------------------------------------------------

    @property
    def when(self):
        return dates.span(self.starts_at, self.ends_at)

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())

    def is_over(self, now=None):
        return self.ends_at <= (now or timezone.now())

    def is_upcoming(self, now=None):
        return not self.is_over(now)

    @property
    def is_cancelled(self):
        return self.status == GatheringStatus.CANCELLED

    @classmethod
    def prepare_cards(cls, pages):
        """The sessions, for the count on each card (listings annotate it instead)."""
        prefetch_related_objects([page for page in pages if not hasattr(page, "session_count")], "sessions")

    @cached_property
    def session_list(self):
        return sorted(self.sessions.all(), key=lambda session: (session.starts_at, session.sort_order or 0))

    @property
    def number_of_sessions(self):
        annotated = getattr(self, "session_count", None)
        return annotated if annotated is not None else len(self.session_list)

    def programme(self):
        """Sessions grouped by their London day: ``[(day text, [sessions])]``."""
        days = []
        for session in self.session_list:
            label = dates.day(session.starts_at)
            if not days or days[-1][0] != label:
                days.append((label, []))
            days[-1][1].append(session)
        return days

    # Where -------------------------------------------------------------------------------

    @property
    def is_in_person(self):
        return self.format in (Format.IN_PERSON, Format.HYBRID)

    @property
    def is_online(self):
        return self.format in (Format.ONLINE, Format.HYBRID)

    @property
    def format_label(self):
        return FORMAT_SHORT.get(self.format, self.get_format_display())

    @property
    def place_text(self):
        """Where, in a few words, for cards: 'Friends Meeting House, Manchester' or 'Online'."""
        parts = [part for part in (self.venue_name, self.town) if part] if self.is_in_person else []
        text = ", ".join(parts)
        if self.format == Format.ONLINE:
            return f"Online ({self.online_platform})" if self.online_platform else "Online"
        if self.format == Format.HYBRID:
            return f"{text}, and online" if text else "In person and online"
        return text

    @property
    def address_lines(self):
        lines = [line.strip() for line in self.street_address.splitlines() if line.strip()]
        return [self.venue_name, *lines, self.town, self.postcode] if self.is_in_person else []

    @property
    def address_text(self):
        return ", ".join(line for line in self.address_lines if line)

    @property
    def map_url(self):
        """A link to the place on OpenStreetMap (a link, never an embedded map)."""
        if not self.is_in_person:
            return ""
        if self.latitude is not None and self.longitude is not None:
            lat, lon = f"{self.latitude:.5f}", f"{self.longitude:.5f}"
            return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
        query = ", ".join(part for part in (self.venue_name, self.town, self.postcode) if part)
        if not query:
            return ""
        from urllib.parse import urlencode

        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})

    @property
    def joining_link_on_page(self):
        """The joining link is on the page only when nobody books: with built-in
        booking it goes in the booking emails, and booking elsewhere sends its own."""
        return self.joining_link if self.is_online and self.booking_type == BookingType.NONE else ""

    # Access and cost --------------------------------------------------------------------------

    @property
    def access_support(self):
        """What is on offer: ``[(label, icon)]``, in a fixed order."""
        return [(label, icon) for name, label, icon in ACCESS_FEATURES if getattr(self, name)]

    @property
    def cost_text(self):
        if self.is_free:
            return self.cost_notes or "Free"
        if self.cost_notes:
            return self.cost_notes
        return f"£{self.price:,.2f}".replace(".00", "") if self.price is not None else ""

    # Booking ---------------------------------------------------------------------------------

    @property
    def has_built_in_booking(self):
        return self.booking_type == BookingType.BUILT_IN

    def count_places(self):
        """``(held, waiting)``: from the listing's annotations when there are any."""
        if getattr(self, "held_count", None) is not None:
            return self.held_count, self.waiting_count
        counts = self.bookings.filter(status=Booking.Status.CONFIRMED).aggregate(
            held=Count("pk", filter=Q(place=Booking.Place.HELD)),
            waiting=Count("pk", filter=Q(place=Booking.Place.WAITING)),
        )
        return counts["held"], counts["waiting"]

    @cached_property
    def places(self):
        held, waiting = self.count_places()
        capacity = self.capacity or 0
        return {"held": held, "waiting": waiting, "left": max(capacity - held, 0), "capacity": capacity}

    @property
    def places_left_display(self):
        return self.places["left"] if self.has_built_in_booking else "—"

    def booking_state(self, now=None):
        """Where built-in booking stands (``None`` for other kinds of booking)."""
        if not self.has_built_in_booking:
            return None
        if self.is_cancelled:
            return BookingState.CANCELLED
        if self.has_started(now):
            return BookingState.STARTED
        if self.places["left"] > 0:
            return BookingState.OPEN
        return BookingState.WAITING_LIST if self.has_waiting_list else BookingState.FULL

    @property
    def booking_is_open(self):
        return self.booking_state() in (BookingState.OPEN, BookingState.WAITING_LIST)

    def get_booking_url(self):
        return reverse("gatherings:book", args=[self.pk])

    def fill_places(self, now=None):
        """Give free places to the people waiting, first come first served, and
        email each of them. The caller holds the gathering's lock. Returns those moved up."""
        if self.is_cancelled or self.has_started(now) or not self.has_built_in_booking:
            return []
        held = Booking.objects.filter(
            gathering=self, status=Booking.Status.CONFIRMED, place=Booking.Place.HELD
        )
        free = (self.capacity or 0) - held.count()
        if free <= 0:
            return []
        waiting = (
            Booking.objects.select_for_update()
            .filter(gathering=self, status=Booking.Status.CONFIRMED, place=Booking.Place.WAITING)
            .order_by("queued_at", "pk")[:free]
        )
        moved = []
        for booking in waiting:
            booking.gathering = self
            booking.move_up(now=now)
            moved.append(booking)
        return moved

    # Structured data --------------------------------------------------------------------------

    def _location_json_ld(self, url):
        place = None
        if self.is_in_person:
            address = {"@type": "PostalAddress", "addressCountry": "GB"}
            street = ", ".join(line.strip() for line in self.street_address.splitlines() if line.strip())
            if street:
                address["streetAddress"] = street
            if self.town:
                address["addressLocality"] = self.town
            if self.postcode:
                address["postalCode"] = self.postcode
            place = {"@type": "Place", "name": self.venue_name or self.town, "address": address}
            if self.latitude is not None and self.longitude is not None:
                place["geo"] = {
                    "@type": "GeoCoordinates",
                    "latitude": float(self.latitude),
                    "longitude": float(self.longitude),
                }
        virtual = {"@type": "VirtualLocation", "url": url} if self.is_online else None
        locations = [location for location in (place, virtual) if location]
        return locations[0] if len(locations) == 1 else locations

    def get_json_ld(self, request=None):
        url = self.get_absolute_url(request)
        mode = {
            Format.IN_PERSON: "OfflineEventAttendanceMode",
            Format.ONLINE: "OnlineEventAttendanceMode",
            Format.HYBRID: "MixedEventAttendanceMode",
        }[self.format]
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.get_summary(),
            "url": url,
            "startDate": dates.iso(self.starts_at),
            "endDate": dates.iso(self.ends_at),
            "eventAttendanceMode": f"https://schema.org/{mode}",
            "eventStatus": "https://schema.org/"
            + ("EventCancelled" if self.is_cancelled else "EventScheduled"),
            "location": self._location_json_ld(url),
            "organizer": organisation_json_ld(),
            "isAccessibleForFree": self.is_free,
            "inLanguage": "en-GB",
        }
        image = self.get_social_image()
        if image:
            data["image"] = [absolute_url(image.get_rendition(SOCIAL_RENDITION).url)]
        if not self.is_free and self.price is not None:
            offer = {
                "@type": "Offer",
                "price": f"{self.price:.2f}",
                "priceCurrency": "GBP",
                "url": self.external_booking_url or url,
            }
            state = self.booking_state()
            if state is not None:
                offer["availability"] = "https://schema.org/" + (
                    "InStock" if state == BookingState.OPEN else "SoldOut"
                )
            data["offers"] = offer
        if self.session_list:
            data["subEvent"] = [
                {
                    "@type": "Event",
                    "name": session.title,
                    "startDate": dates.iso(session.starts_at),
                    "endDate": dates.iso(session.ends_at),
                    "eventAttendanceMode": data["eventAttendanceMode"],
                    "eventStatus": data["eventStatus"],
                    "location": data["location"],
                }
                for session in self.session_list
            ]
        return data

    # BasePage fallbacks ------------------------------------------------------------------------

    def get_main_image(self):
        return self.hero_image

    def get_body_text(self):
        return self.introduction

    # Routes -------------------------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from .forms import BookingForm

        context = super().get_context(request, *args, **kwargs)
        context["json_ld"] = self.get_json_ld(request)
        context["booking_state"] = self.booking_state()
        if self.booking_is_open:
            context["booking_form"] = BookingForm(auto_id="booking-%s", initial={"source": self.url})
        return context

    def get_calendar_url(self):
        return reverse("gathering_calendar", args=[self.slug])

    @path("check-your-email/", name="check_email")
    def check_email(self, request):
        from email.utils import parseaddr

        from django.conf import settings
        from django.template.response import TemplateResponse

        context = self.get_context(request)
        context.pop("booking_form", None)
        context["json_ld"] = None
        context["from_address"] = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        response = TemplateResponse(request, "gatherings/check_your_email.html", context)
        response["X-Robots-Tag"] = "noindex"
        return response


class GatheringSession(Orderable):
    """One part of a gathering's programme, with its own times."""

    page = ParentalKey(GatheringPage, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=150, help_text="For example 'Welcome and introductions'.")
    starts_at = models.DateTimeField("starts", help_text="UK time.")
    ends_at = models.DateTimeField("ends", help_text="UK time.")
    description = models.TextField(
        max_length=600,
        blank=True,
        help_text="One or two sentences on what happens, and who is leading it.",
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "session"

    def __str__(self):
        return self.title

    @property
    def times(self):
        return dates.times(self.starts_at, self.ends_at)


# Bookings ------------------------------------------------------------------------------------

#: The words beside the tick box on the booking form, word for word. A changed
#: text becomes a new stored version; each booking keeps the version they saw.
CONSENT = ConsentWording(
    purpose="gathering_booking",
    text=(
        "I agree that Social Care Future, hosted by the charity In Control, may keep these "
        "details, including any access needs I share, to arrange my place at this gathering. "
        "Only the organisers see them. I can cancel at any time from my booking email."
    ),
)


class Booking(ConfirmableRecord):
    """One person's booking for one gathering."""

    class Place(models.TextChoices):
        NONE = "", "Not yet confirmed"
        HELD = "held", "Has a place"
        WAITING = "waiting", "On the waiting list"
        TURNED_AWAY = "turned-away", "No place: it was full or closed when they confirmed"

    gathering = models.ForeignKey(
        GatheringPage,
        on_delete=models.CASCADE,
        related_name="bookings",
        help_text="The gathering this booking is for.",
    )
    access_needs = models.TextField(
        "access needs",
        max_length=1000,
        blank=True,
        help_text="What they told us would help them take part. Private: only organisers see it.",
    )
    place = models.CharField(
        max_length=20,
        choices=Place.choices,
        default=Place.NONE,
        blank=True,
        db_index=True,
        help_text="Whether they have a place, once they have confirmed.",
    )
    queued_at = models.DateTimeField(
        "in the queue from",
        null=True,
        blank=True,
        help_text="When they confirmed: the waiting list goes in this order.",
    )
    moved_up_at = models.DateTimeField("moved up from the waiting list", null=True, blank=True)
    reminder_sent_at = models.DateTimeField("reminder sent", null=True, blank=True)
    told_cancelled_at = models.DateTimeField("told the gathering was cancelled", null=True, blank=True)

    held_in_label = "Gathering bookings"
    status_labels = {
        ConfirmableRecord.Status.PENDING: "Waiting to confirm",
        ConfirmableRecord.Status.CONFIRMED: "Confirmed",
        ConfirmableRecord.Status.WITHDRAWN: "Cancelled",
    }
    token_url_names = {"confirm": "gatherings:confirm", "manage": "gatherings:booking"}
    email_templates = {
        "confirm": "emails/gatherings/confirm",
        "already_confirmed": "emails/gatherings/already_booked",
        "booked": "emails/gatherings/booked",
        "waiting": "emails/gatherings/waiting",
        "turned_away": "emails/gatherings/turned_away",
        "moved_up": "emails/gatherings/moved_up",
        "cancelled": "emails/gatherings/cancelled",
        "reminder": "emails/gatherings/reminder",
        "gathering_cancelled": "emails/gatherings/gathering_cancelled",
    }
    #: Emails that carry the gathering as an .ics file.
    calendar_emails = {"booked", "moved_up", "reminder"}

    class Meta:
        verbose_name = "booking"
        verbose_name_plural = "bookings"
        ordering = ["-signed_up_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "email_normalised"], name="gatherings_one_booking_per_address"
            ),
        ]
        indexes = [models.Index(fields=["gathering", "status", "place"])]
        default_permissions = ("view",)
        permissions = [
            ("export_bookings", "Can download bookings, with access needs"),
            ("manage_bookings", "Can cancel bookings and move people up from the waiting list"),
        ]

    def __str__(self):
        return f"{self.name or self.email} for {self.gathering.title}" if self.gathering_id else self.email

    # Places ------------------------------------------------------------------------------

    @property
    def has_place(self):
        return self.status == self.Status.CONFIRMED and self.place == self.Place.HELD

    @property
    def is_waiting(self):
        return self.status == self.Status.CONFIRMED and self.place == self.Place.WAITING

    def waiting_position(self):
        """1 for the first person waiting; None if not waiting."""
        if not self.is_waiting:
            return None
        ahead = Booking.objects.filter(
            gathering_id=self.gathering_id, status=self.Status.CONFIRMED, place=self.Place.WAITING
        ).filter(Q(queued_at__lt=self.queued_at) | Q(queued_at=self.queued_at, pk__lt=self.pk))
        return ahead.count() + 1

    waiting_position.short_description = "Place in the queue"

    def confirm(self):
        # The gathering's lock first, then this booking's (inside super), as everywhere.
        with transaction.atomic():
            GatheringPage.lock(self.gathering_id)
            return super().confirm()

    def withdraw(self, method):
        with transaction.atomic():
            GatheringPage.lock(self.gathering_id)
            return super().withdraw(method)

    def on_confirmed(self):
        """They followed the link: a place if there is one, else the waiting list
        (or a kind 'sorry'). The caller holds the gathering's lock."""
        gathering = GatheringPage.objects.get(pk=self.gathering_id)
        now = timezone.now()
        self.queued_at = now
        state = gathering.booking_state(now)
        if state == BookingState.OPEN:
            self.place = self.Place.HELD
        elif state == BookingState.WAITING_LIST:
            self.place = self.Place.WAITING
        else:
            self.place = self.Place.TURNED_AWAY
        self.gathering = gathering
        self.save(update_fields=["place", "queued_at"])
        self.queue_email({"held": "booked", "waiting": "waiting"}.get(self.place, "turned_away"))
        # The places left show on the gathering's card and page.
        page_cache.purge_after_commit("a booking was confirmed")

    def on_withdrawn(self, method):
        """They (or a convenor) cancelled: free the place and move the first
        person waiting up. The caller holds the gathering's lock."""
        had_place = self.place == self.Place.HELD
        self.place = self.Place.NONE
        Booking.objects.filter(pk=self.pk).update(place=self.Place.NONE)
        gathering = GatheringPage.objects.get(pk=self.gathering_id)
        self.gathering = gathering
        if self.confirmed_at:
            self.queue_email("cancelled")
        if had_place:
            gathering.fill_places()
        page_cache.purge_after_commit("a booking was withdrawn")

    def move_up(self, now=None):
        """Give this waiting person a place and tell them (lock held by the caller)."""
        self.place = self.Place.HELD
        self.moved_up_at = now or timezone.now()
        self.save(update_fields=["place", "moved_up_at"])
        self.queue_email("moved_up")

    # Emails ------------------------------------------------------------------------------

    def cancel_url(self):
        return self.link("manage")

    def get_email_context(self, kind):
        context = super().get_email_context(kind)
        gathering = self.gathering
        context.update(
            gathering=gathering,
            when=gathering.when,
            gathering_url=gathering.get_absolute_url(),
            manage_url=self.cancel_url(),
            calendar_url=absolute_url(gathering.get_calendar_url()),
            joining_link=gathering.joining_link if gathering.is_online else "",
        )
        if kind == "confirm":
            context["confirm_url"] = self.link("confirm")
            context["confirm_days"] = self.confirm_max_age.days
            context["retention_days"] = self.unconfirmed_retention.days
        if kind == "waiting":
            context["position"] = self.waiting_position()
        return context

    def get_email_attachments(self, kind):
        if kind not in self.calendar_emails:
            return []
        from .calendar import calendar_bytes

        return [
            {
                "filename": f"{self.gathering.slug}.ics",
                "mimetype": "text/calendar",
                "content": calendar_bytes([self.gathering], name=self.gathering.title),
            }
        ]

    # Personal data -----------------------------------------------------------------------

    def export_fields(self):
        data = super().export_fields()
        data.update(
            gathering=self.gathering.title,
            gathering_date=self.gathering.when,
            place=self.get_place_display(),
            access_needs=self.access_needs,
            in_the_queue_from=self.queued_at.isoformat() if self.queued_at else None,
            moved_up_at=self.moved_up_at.isoformat() if self.moved_up_at else None,
            reminder_sent_at=self.reminder_sent_at.isoformat() if self.reminder_sent_at else None,
            told_cancelled_at=self.told_cancelled_at.isoformat() if self.told_cancelled_at else None,
        )
        return data


def tell_bookers_gathering_cancelled(gathering, now=None):
    """Email everyone with a confirmed booking (a place or on the waiting list)
    that the gathering is off: once each, however often this runs."""
    now = now or timezone.now()
    told = 0
    with transaction.atomic():
        GatheringPage.lock(gathering.pk)
        bookings = Booking.objects.select_for_update().filter(
            gathering=gathering,
            status=Booking.Status.CONFIRMED,
            place__in=[Booking.Place.HELD, Booking.Place.WAITING],
            told_cancelled_at__isnull=True,
        )
        for booking in bookings:
            booking.told_cancelled_at = now
            booking.gathering = gathering
            booking.save(update_fields=["told_cancelled_at"])
            booking.queue_email("gathering_cancelled")
            told += 1
    return told


__all__ = [
    "ACCESS_FEATURES",
    "CONSENT",
    "Booking",
    "BookingState",
    "BookingType",
    "Format",
    "GatheringIndexPage",
    "GatheringPage",
    "GatheringSession",
    "GatheringStatus",
]
