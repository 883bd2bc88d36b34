"""Plain-English times, in London time, right across the clock change."""

import datetime

import pytest

from gatherings import dates
from tests.gatherings.factories import london

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (london(2020, 2, 4, 10), london(2020, 2, 4, 16), "Tuesday 4 February 2020, 10am to 4pm"),
        (london(2020, 2, 4, 10, 30), london(2020, 2, 4, 12), "Tuesday 4 February 2020, 10:30am to midday"),
        (london(2024, 5, 3, 19), london(2024, 5, 4, 0), "Friday 3 May 2024, 7pm to midnight"),
        (london(2024, 5, 3, 19), london(2024, 5, 4, 1), "Friday 3 May 2024, 7pm to 1am the next day"),
        (london(2020, 11, 16, 11), london(2020, 11, 20, 15), "Monday 16 to Friday 20 November 2020"),
        (london(2020, 11, 30, 10), london(2020, 12, 1, 16), "Monday 30 November to Tuesday 1 December 2020"),
        (
            london(2020, 12, 31, 10),
            london(2021, 1, 1, 16),
            "Thursday 31 December 2020 to Friday 1 January 2021",
        ),
    ],
)
def test_spans_read_in_plain_english(start, end, expected):
    assert dates.span(start, end) == expected


def test_the_last_sunday_of_march_reads_in_summer_time():
    # Clocks go forward at 1am on Sunday 30 March 2025: 10am London is 09:00 UTC.
    start = datetime.datetime(2025, 3, 30, 9, 0, tzinfo=UTC)
    end = datetime.datetime(2025, 3, 30, 15, 0, tzinfo=UTC)
    assert dates.span(start, end) == "Sunday 30 March 2025, 10am to 4pm"
    # The night before is still GMT: 10am London is 10:00 UTC.
    assert dates.clock(datetime.datetime(2025, 3, 29, 10, 0, tzinfo=UTC)) == "10am"


def test_the_last_sunday_of_october_reads_in_winter_time():
    # Clocks go back at 2am on Sunday 26 October 2025: 10am London is 10:00 UTC.
    start = datetime.datetime(2025, 10, 26, 10, 0, tzinfo=UTC)
    end = datetime.datetime(2025, 10, 26, 16, 0, tzinfo=UTC)
    assert dates.span(start, end) == "Sunday 26 October 2025, 10am to 4pm"
    assert dates.clock(datetime.datetime(2025, 10, 25, 9, 0, tzinfo=UTC)) == "10am"


def test_a_night_across_the_clock_change_keeps_its_local_times():
    # Saturday 25 October 2025, 10pm BST (21:00 UTC) to 1am GMT (01:00 UTC): four hours.
    start = datetime.datetime(2025, 10, 25, 21, 0, tzinfo=UTC)
    end = datetime.datetime(2025, 10, 26, 1, 0, tzinfo=UTC)
    assert dates.span(start, end) == "Saturday 25 October 2025, 10pm to 1am the next day"


def test_iso_times_carry_the_london_offset():
    assert dates.iso(datetime.datetime(2025, 7, 1, 9, 0, tzinfo=UTC)) == "2025-07-01T10:00+01:00"
    assert dates.iso(datetime.datetime(2025, 1, 7, 10, 0, tzinfo=UTC)) == "2025-01-07T10:00+00:00"
