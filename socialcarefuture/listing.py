"""One declarative listing for every page that lists things people can filter:
the blog, glimpses, gatherings, the pledge's signatories.

An app declares its filters once, as a django-filter ``FilterSet``::

    class GlimpseFilters(ListingFilterSet):
        q = SearchFilter(label="Search")
        theme = ModelFacet(Theme.objects.all(), field_name="themes", label="Theme",
                           all_label="All themes", describe="about {}")
        region = ChoiceFacet(Region.choices, label="Region", all_label="Anywhere", describe="in {}")

    class GlimpseListing(Listing):
        filterset_class = GlimpseFilters
        noun, noun_plural = "glimpse", "glimpses"

and the page (``ListingPageMixin``) or view builds ``GlimpseListing(request,
queryset, url=...)``. The listing then gives the template everything it needs:
the current page of items, each filter with its options and counts, the
active filters with a "remove" link each, a description in words, the
``<title>``, pagination that keeps the filters, and whether search engines
should index it. ``templates/components/listing_filters.html`` draws the form,
``listing_active_filters.html`` the chips and ``listing_empty.html`` the empty
state.

Why django-filter: its declarations, form validation and ``filter()`` are
exactly what each filter needs. What it does not do, and this module adds, is
what a public listing needs around them: a value we do not know (a renamed
category, a typo, junk) is never an error and never ignored silently. It shows
as an active filter the reader can remove, and the list is empty with a
message that says why. Counts come from one grouped query per filter, over the
list as the OTHER filters leave it (disjunctive faceting, ``Listing.filtered``):
with a theme chosen, each region's count is of glimpses of that theme, so no
option promises items and leads to an empty list, while the chosen filter's own
options stay, so people can change their mind.
"""

import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from . import fragments
from .text import search_words, tidy
from .views import paginate

VALUE_MAX_LENGTH = 100
SEARCH_MAX_LENGTH = 200


@dataclass
class Option:
    """One choice of a filter: what it is called, how many items it has, its link."""

    value: str
    text: str
    count: int
    selected: bool
    url: str

    @property
    def text_with_count(self):
        return f"{self.text} ({self.count})"


@dataclass
class ActiveFilter:
    name: str  # the query-string parameter
    label: str  # "Category"
    text: str  # what the reader sees: "News", or the value as given when we do not know it
    known: bool
    remove_url: str
    unknown_message: str = ""


# Form fields: what a value must look like -------------------------------------------------


class CaseInsensitiveModelChoiceField(django_filters.fields.ModelChoiceField):
    """A model looked up by a slug or name, whatever the case it was typed in
    ("?category=NEWS" is the News category)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        lookup = f"{self.to_field_name or 'pk'}__iexact"
        try:
            return self.queryset.get(**{lookup: value})
        except (ValueError, TypeError, ObjectDoesNotExist, MultipleObjectsReturned):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class YearField(forms.IntegerField):
    """Four plain digits in a sensible range ('２０２１' and '1800' are not years here)."""

    def __init__(self, *, min_year=1900, max_year=2100, **kwargs):
        self.min_year, self.max_year = min_year, max_year
        kwargs.pop("empty_label", None)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not (isinstance(value, str) and re.fullmatch(r"[0-9]{4}", value)):
            raise forms.ValidationError("Not a year", code="invalid")
        year = int(value)
        if not self.min_year <= year <= self.max_year:
            raise forms.ValidationError("Not a year", code="invalid")
        return year


# Filters ----------------------------------------------------------------------------------


class FacetMixin:
    """A filter people choose from a list: its options carry counts and links.

    ``label`` names the filter ("Category"), ``all_label`` is the empty choice
    ("All categories"), ``describe`` puts a value into the listing's
    description ("in {}" gives "posts in News"), ``counts_in_select`` shows
    "News (5)" in the form, and ``show_empty`` keeps options with no items
    (a map of regions shows every region). ``unknown_message`` says what was
    wrong with a value we do not know; ``{label}`` and ``{value}`` are filled in.
    """

    is_facet = True
    default_unknown_message = "We could not find the {label} “{value}”. It may have been renamed or removed."

    def __init__(
        self,
        *args,
        all_label="All",
        describe="{}",
        counts_in_select=False,
        show_empty=False,
        unknown_message=None,
        **kwargs,
    ):
        self.all_label = all_label
        self.describe = describe
        self.counts_in_select = counts_in_select
        self.show_empty = show_empty
        self.unknown_message = unknown_message or self.default_unknown_message
        super().__init__(*args, **kwargs)

    def count_options(self, queryset):
        """``[(value, text, count)]`` for every option, in the order to show them."""
        raise NotImplementedError

    def value_text(self, value):
        """How a cleaned value reads on the page."""
        return str(value)

    def value_param(self, value):
        """A cleaned value as it goes in the query string."""
        return str(value)

    def _grouped(self, queryset, value_expression, text_expression=None):
        """One grouped query: ``{value: (text, count)}`` over ``queryset``."""
        names = {"facet_value": value_expression}
        if text_expression is not None:
            names["facet_text"] = text_expression
        rows = queryset.order_by().values(**names).annotate(facet_count=Count("pk", distinct=True))
        return {
            row["facet_value"]: (row.get("facet_text"), row["facet_count"])
            for row in rows
            if row["facet_value"] not in (None, "")
        }

    def filter_by_path(self, queryset, path, value):
        """Filter through a relation that may hold many rows per item without
        making duplicates (and without DISTINCT, which fights the ordering)."""
        if "__" not in path:
            return queryset.filter(**{path: value})
        matching = queryset.model._default_manager.filter(**{path: value}).values("pk")
        return queryset.filter(pk__in=matching)


class ModelFacet(FacetMixin, django_filters.ModelChoiceFilter):
    """Items linked to a model looked up by a slug-like field: a category, a topic,
    an author, a theme. ``field_name`` is the path from the item to that model
    (``"category"``, ``"tagged_items__tag"``, ``"post_authors__author"``)."""

    field_class = CaseInsensitiveModelChoiceField

    def __init__(self, queryset, *, to_field="slug", text_field="name", order_by=None, **kwargs):
        self.to_field = to_field
        self.text_field = text_field
        self.option_order = order_by or text_field
        kwargs.setdefault("to_field_name", to_field)
        super().__init__(queryset=queryset, **kwargs)

    def filter(self, queryset, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return queryset
        return self.filter_by_path(queryset, self.field_name, value)

    def count_options(self, queryset):
        path = self.field_name
        grouped = self._grouped(queryset, F(f"{path}__{self.to_field}"), F(f"{path}__{self.text_field}"))
        if self.show_empty:
            for value, text in self.get_queryset(None).values_list(self.to_field, self.text_field):
                grouped.setdefault(value, (text, 0))
        descending = self.option_order.startswith("-")
        if self.option_order.lstrip("-") == self.text_field:
            key = lambda item: str(item[1][0]).casefold()  # noqa: E731
        else:
            key = lambda item: item[0]  # noqa: E731
        ordered = sorted(grouped.items(), key=key, reverse=descending)
        return [(str(value), text, count) for value, (text, count) in ordered]

    def value_text(self, value):
        return getattr(value, self.text_field)

    def value_param(self, value):
        return str(getattr(value, self.to_field))


class ChoiceFacet(FacetMixin, django_filters.ChoiceFilter):
    """Items with one of a fixed set of values: a region, a format, a type of
    organisation. ``choices`` as for a model field; options keep their order.

    With ``method`` (as in django-filter), each choice is counted by applying
    the method to the list, one query per choice: for choices that are not a
    column, such as "upcoming" and "past"."""

    def __init__(self, choices, **kwargs):
        self.choice_list = list(choices)
        super().__init__(choices=self.choice_list, **kwargs)

    def count_options(self, queryset):
        if self.method is not None:
            counts = {value: self.filter(queryset, value).count() for value, _text in self.choice_list}
        else:
            counts = {
                value: count for value, (_text, count) in self._grouped(queryset, F(self.field_name)).items()
            }
        options = [(str(value), str(text), counts.get(value, 0)) for value, text in self.choice_list]
        return [option for option in options if option[2] or self.show_empty]

    def value_text(self, value):
        return str(dict(self.choice_list).get(value, value))


class YearFacet(FacetMixin, django_filters.Filter):
    """Items from one year of a date field (or a date annotation such as the blog's
    ``post_date``). Options are the years that have items, newest first."""

    field_class = YearField
    default_unknown_message = (
        "“{value}” is not a year we can show {noun_plural} for. Choose one from the list of years."
    )

    def filter(self, queryset, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return queryset
        return queryset.filter(**{f"{self.field_name}__year": value})

    def count_options(self, queryset):
        grouped = self._grouped(queryset, ExtractYear(self.field_name))
        return [
            (str(year), str(year), count) for year, (_text, count) in sorted(grouped.items(), reverse=True)
        ]


class SearchFilter(django_filters.CharFilter):
    """Words to look for. With ``fields``, a plain case-insensitive match on those
    fields (for records that are not in the search index, such as signatories);
    without, Wagtail's search backend finds the matches and the database keeps
    its own order and the other filters."""

    is_facet = False

    def __init__(self, *, fields=None, describe="matching ‘{}’", **kwargs):
        self.search_fields = fields
        self.describe = describe
        kwargs.setdefault("label", "Search")
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        words = search_words(value)
        if not words:
            return queryset.none()
        if self.search_fields:
            condition = Q()
            for word in words.split():
                any_field = Q()
                for field in self.search_fields:
                    any_field |= Q(**{f"{field}__icontains": word})
                condition &= any_field
            return queryset.filter(condition)
        return queryset.filter(pk__in=self.matching_pks(queryset.model, value))

    def matching_pks(self, model, value):
        """What the search backend finds for ``value``: a list of primary keys."""
        words = search_words(value)
        if not words:
            return []
        matches = model._default_manager.all().only("pk").search(words, order_by_relevance=False)
        return [match.pk for match in matches]


class ListingFilterSet(django_filters.FilterSet):
    """Declare facets (``ModelFacet``, ``ChoiceFacet``, ``YearFacet``) and at most
    one ``SearchFilter``; their order is the order on the page and in addresses."""


# The listing --------------------------------------------------------------------------------


class FilterInfo:
    """One filter as the template sees it: its field, options and current value."""

    def __init__(self, listing, name, filter_):
        self.listing = listing
        self.name = name
        self.filter = filter_
        self.label = filter_.label
        self.is_facet = getattr(filter_, "is_facet", False)
        self.raw = listing.values.get(name, "")
        self.known = name not in listing.unknown
        self.value = listing.cleaned.get(name) if self.known else None

    @property
    def id(self):
        return f"{self.listing.id_prefix}-{self.name}"

    @property
    def is_active(self):
        return bool(self.raw)

    @property
    def text(self):
        """What the current value reads as ("News"), or what was typed if unknown."""
        if not self.raw:
            return ""
        if not self.known:
            return self.raw
        return self.filter.value_text(self.value) if self.is_facet else self.value

    @property
    def param(self):
        return self.filter.value_param(self.value) if self.is_facet and self.known and self.raw else self.raw

    @cached_property
    def options(self):
        if not self.is_facet:
            return []
        current = self.param if self.known and self.raw else None
        options = [
            Option(value, text, count, value == current, self.listing.url_with(**{self.name: value}))
            for value, text, count in self.counts()
        ]
        if current is not None and not any(option.selected for option in options):
            # Chosen, but with none left under the other filters: still shown as chosen.
            options.append(Option(current, self.text, 0, True, self.listing.url_with(**{self.name: current})))
        return options

    def counts(self):
        """``[(value, text, count)]`` over what the other filters leave: one
        grouped query, kept as a fragment (``socialcarefuture/fragments.py``)
        until something is published, as the counts change only then."""
        listing = self.listing

        def count():
            return self.filter.count_options(listing.filtered(excluding=self.name))

        if not listing.keeps_state:
            return count()
        return fragments.cached("listing-counts", listing.request, count, *listing.state, self.name)

    @property
    def all_label(self):
        return getattr(self.filter, "all_label", "All")

    @property
    def counts_in_select(self):
        return getattr(self.filter, "counts_in_select", False)

    @property
    def unknown_message(self):
        return self.filter.unknown_message.format(
            label=self.label.lower(),
            value=self.raw,
            noun=self.listing.noun,
            noun_plural=self.listing.noun_plural,
        )


class KeptCard:
    """A card drawn before and kept (``socialcarefuture/fragments.py``): its
    HTML, and what ``components/listing_items.html`` asks of an item."""

    def __init__(self, pk, card_template, html):
        self.pk, self.card_template = pk, card_template
        self.kept_html = mark_safe(html)  # noqa: S308 - our own template's output, kept as drawn


class Listing:
    """A filtered, paginated list of items for one page. Subclasses set
    ``filterset_class`` and the words; see the module docstring."""

    filterset_class = ListingFilterSet
    # Twelve fill whole rows of one, two, three or four cards, so a full page
    # of a listing never ends with a card alone.
    per_page = 12
    #: What the items are called, for headings and messages.
    noun = "item"
    noun_plural = "items"
    #: Prefix for the form's element ids ("blog" gives "blog-q", "blog-category").
    id_prefix = "listing"
    #: Words on the filter form.
    form_heading = "Find"
    search_label = "Search"
    filters_legend = "Filter"
    submit_label = "Show"
    #: How the items are ordered, said after the count ("12 posts, newest first").
    order_description = ""

    @property
    def state(self):
        """Which listing, with which filters: a fragment of its form or counts
        is the same for every reader of this state."""
        return (type(self).__qualname__, self.url, tuple(sorted(self.values.items())))

    @cached_property
    def keeps_state(self):
        """Whether fragments that depend on the filters (the form, the counts)
        are kept: not for a search or a value we do not know, which anyone can
        vary without end (each would be one more thing kept)."""
        return self.keeps_fragments and not self.search_query and not self.unknown

    #: Whether the template draws the current page's items as cards and does
    #: nothing else with them: then a page whose cards are all kept asks the
    #: database only for which items are on it (``page_of_kept_cards``).
    draws_only_cards = False

    @cached_property
    def keeps_fragments(self):
        """Whether the filter counts and the cards may be kept until the page
        cache's next purge (``socialcarefuture/fragments.py``): only when every
        change to the items purges it, as publishing a page does, or as a model
        that sets ``purges_page_cache`` says its changes do."""
        model = self.base_queryset.model
        return issubclass(model, Page) or getattr(model, "purges_page_cache", False)

    @property
    def pagination_label(self):
        return f"Pages of {self.noun_plural}"

    def __init__(self, request, queryset, *, url, title=""):
        self.request = request
        self.url = url
        self.page_title = title
        self.base_queryset = queryset
        self.values = self.read(request.GET)
        self.filterset = self.filterset_class(data=self.values, queryset=queryset, request=request)
        form = self.filterset.form
        form.is_valid()
        self.unknown = set(form.errors)
        self.cleaned = {
            name: value
            for name, value in getattr(form, "cleaned_data", {}).items()
            if name not in self.unknown
        }
        items = queryset.none() if self.unknown else self.filtered()
        if self.draws_only_cards and self.keeps_fragments and fragments.usable(request):
            self.page_obj = self.page_of_kept_cards(items)
        else:
            self.page_obj = paginate(request, self.prepare(items), self.per_page)

    def page_of_kept_cards(self, items):
        """The current page, asking the database only for the cards not kept.

        The page's primary keys come first (one light query); cards already
        drawn and kept (``components/listing_items.html``) come back as
        ``KeptCard``; the rest are loaded in one query with what their cards
        need, and drawn and kept as the template shows them."""
        # (``prepare`` adds what cards need; it never changes which items, or their order.)
        in_order = items.values_list("pk", flat=True)
        if self.keeps_state:
            # Which items, in order, for this state of the filters: kept too,
            # so a page of kept cards asks nothing of the database. (Not past
            # KEEP_ORDER_UP_TO items: then a page asks for its own.)
            kept_order = fragments.cached(
                "listing-order", self.request, lambda: self.order_to_keep(in_order), *self.state
            )
            if kept_order is not None:
                in_order = kept_order
        page_obj = paginate(self.request, in_order, self.per_page)
        pks = list(page_obj.object_list)
        template = self.base_queryset.model.card_template
        kept = fragments.kept_many("card", self.request, [(template, pk) for pk in pks])
        missing = [pk for pk in pks if (template, pk) not in kept]
        loaded = {item.pk: item for item in self.prepare(items.filter(pk__in=missing))} if missing else {}
        cards = []
        for pk in pks:
            if (template, pk) in kept:
                cards.append(KeptCard(pk, template, kept[(template, pk)]))
            elif pk in loaded:  # (not if it went in between the two queries)
                cards.append(loaded[pk])
        page_obj.object_list = cards
        return page_obj

    #: The most items whose order ``page_of_kept_cards`` keeps for a state.
    KEEP_ORDER_UP_TO = 2000

    def order_to_keep(self, pks):
        """Every item's primary key in order, or None when there are too many to keep."""
        found = list(pks[: self.KEEP_ORDER_UP_TO + 1])
        return found if len(found) <= self.KEEP_ORDER_UP_TO else None

    # Reading the query string

    @classmethod
    def names(cls):
        return list(cls.filterset_class.base_filters)

    @classmethod
    def read(cls, query):
        """The filters' values from the query string, tidied (no control characters,
        no runs of spaces, cut to a sensible length); empty ones left out."""
        values = {}
        for name, filter_ in cls.filterset_class.base_filters.items():
            limit = SEARCH_MAX_LENGTH if isinstance(filter_, SearchFilter) else VALUE_MAX_LENGTH
            value = tidy(query.get(name, ""), limit)
            if value:
                values[name] = value
        return values

    @classmethod
    def tidy_url(cls, request, url):
        """The same address without empty filters, or ``None`` when it is tidy already.
        (A filter form sends every field, empty or not.)"""
        names = cls.names()
        query = request.GET
        if not any(name in query and not query.get(name, "").strip() for name in names):
            return None
        params = [(name, query[name]) for name in names if query.get(name, "").strip()]
        page = query.get("page", "")
        if page and page != "1":
            params.append(("page", page))
        return url + ("?" + urlencode(params) if params else "")

    def prepare(self, items):
        """The filtered items as the template needs them (ordering, prefetches)."""
        return items

    def filtered(self, excluding=None):
        """The items with every known filter applied but ``excluding`` (a name).

        A facet counts its options over the items the OTHER filters leave
        (disjunctive faceting): with a theme chosen, each region says how many
        glimpses of that theme it has, so no option leads to an empty list, and
        the options of the facet chosen stay, to change one's mind. A search is
        asked once and its matches reused, so counting costs no extra query."""
        queryset = self.base_queryset
        for name, value in self.cleaned.items():
            if name == excluding or value in django_filters.constants.EMPTY_VALUES:
                continue
            filter_ = self.filterset.filters[name]
            if isinstance(filter_, SearchFilter) and not filter_.search_fields:
                queryset = queryset.filter(pk__in=self.search_matches)
            else:
                queryset = filter_.filter(queryset, value)
        return queryset

    @cached_property
    def search_matches(self):
        """The primary keys the search backend found (asked once per listing)."""
        name = self.search.name
        return self.search.filter.matching_pks(self.base_queryset.model, self.cleaned[name])

    # The filters

    @cached_property
    def filters(self):
        """Every filter, by name, as the template sees it (``listing.filters.category``)."""
        return {name: FilterInfo(self, name, filter_) for name, filter_ in self.filterset.filters.items()}

    @cached_property
    def facets(self):
        return [info for info in self.filters.values() if info.is_facet]

    @cached_property
    def search(self):
        return next((info for info in self.filters.values() if not info.is_facet), None)

    @property
    def search_query(self):
        return self.search.raw if self.search else ""

    @property
    def has_unknown_filter(self):
        return bool(self.unknown)

    @property
    def is_filtered(self):
        return bool(self.values)

    @property
    def noindex(self):
        """Searches and values we do not know are not pages in their own right."""
        return bool(self.search_query) or self.has_unknown_filter

    @property
    def canonical_params(self):
        """A filtered listing is its own page for search engines; a search is not."""
        return (*(info.name for info in self.facets), "page")

    # Links that keep the other filters

    def url_with(self, **changes):
        """The listing's address with some values changed (``None`` removes one);
        always page 1. Values we could not make sense of are left out: every link
        on the page leads somewhere with items to show."""
        values = {info.name: info.param for info in self.filters.values() if info.raw and info.known}
        values.update(changes)
        params = [(name, values[name]) for name in self.filters if values.get(name) not in (None, "")]
        return self.url + ("?" + urlencode(params) if params else "")

    @property
    def query_string(self):
        """The current filters, URL-encoded, for the pagination links."""
        return self.url_with().partition("?")[2]

    # What the page shows

    @cached_property
    def active_filters(self):
        active = []
        for info in self.filters.values():
            if not info.is_active:
                continue
            text = f"‘{info.text}’" if not info.is_facet and info.known else info.text
            active.append(
                ActiveFilter(
                    info.name,
                    info.label,
                    text,
                    info.known,
                    self.url_with(**{info.name: None}),
                    "" if info.known else info.unknown_message,
                )
            )
        return active

    @cached_property
    def unknown_filters(self):
        return [item for item in self.active_filters if not item.known]

    @cached_property
    def description(self):
        """What the list shows, in words: 'posts in News by Jo Whitfield from 2020'."""
        parts = [
            info.filter.describe.format(info.text)
            for info in self.facets + ([self.search] if self.search else [])
            if info.is_active and info.known
        ]
        return " ".join([self.noun_plural, *parts]) if parts else ""

    @cached_property
    def title(self):
        """For the ``<title>``: changes with every filter and page, for screen-reader users."""
        title = self.page_title
        if self.description:
            title = f"{title}: {self.description}"
        if self.page_obj.number > 1:
            title = f"{title} (page {self.page_obj.number} of {self.page_obj.paginator.num_pages})"
        return title


class ListingPageMixin:
    """For a page type whose page is a listing (put it before ``BasePage``).

    Set ``listing_class`` (a ``Listing`` subclass, or its dotted path when the
    listing module imports the models) and write ``get_listing_queryset``. A
    plain page serves its listing at its own address; a ``RoutablePageMixin``
    page calls ``self.serve_listing(request)`` from the route that shows it.
    The template gets ``listing``, ``items`` (the current page of items) and the
    canonical URL's parameters.
    """

    listing_class = None

    def get_listing_class(self):
        if isinstance(self.listing_class, str):
            return import_string(self.listing_class)
        return self.listing_class

    def get_listing_queryset(self, request):
        raise NotImplementedError

    def get_listing_url(self, request):
        return self.get_url(request=request) or "/"

    def get_listing(self, request):
        cached = getattr(self, "_listing", None)
        if cached is not None and cached.request is request:
            return cached
        self._listing = self.get_listing_class()(
            request,
            self.get_listing_queryset(request),
            url=self.get_listing_url(request),
            title=self.seo_title or self.title,
        )
        return self._listing

    def get_listing_context(self, request):
        listing = self.get_listing(request)
        return {"listing": listing, "items": listing.page_obj, "canonical_params": listing.canonical_params}

    def serve_listing(self, request, *args, template=None, **kwargs):
        tidy_url = self.get_listing_class().tidy_url(request, self.get_listing_url(request))
        if tidy_url:
            return redirect(tidy_url)
        context = self.get_context(request, *args, **kwargs)
        context.update(self.get_listing_context(request))
        response = TemplateResponse(request, template or self.get_template(request, *args, **kwargs), context)
        if context["listing"].noindex:
            response["X-Robots-Tag"] = "noindex"
        return response

    def serve(self, request, *args, **kwargs):
        if isinstance(self, RoutablePageMixin):  # its routes decide
            return super().serve(request, *args, **kwargs)
        return self.serve_listing(request, *args, **kwargs)
