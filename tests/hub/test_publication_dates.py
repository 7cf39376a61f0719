"""The date rule of ``hub.pages.dates`` on its own: which dates a page shows and what its feed entry says."""

import datetime

import pytest

from hub.pages.dates import PublicationDates

UTC = datetime.UTC
DAY_2024 = datetime.date(2024, 3, 12)
FIRST = datetime.datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("own", "first", "last", "shown"),
    [
        # A page without a date of its own: first published, then a later update.
        (None, FIRST, FIRST, {"first"}),
        (None, FIRST, FIRST + datetime.timedelta(days=3), {"first", "last"}),
        # A back-filled item: the hub's day is "on the hub since", never "first published".
        (DAY_2024, FIRST, FIRST, {"since"}),
        (DAY_2024, FIRST, FIRST + datetime.timedelta(hours=2), {"since"}),
        (DAY_2024, FIRST, FIRST + datetime.timedelta(days=1), {"since", "last"}),
        # Published on its own day: the header already says it.
        (FIRST.date(), FIRST, FIRST, set()),
        (FIRST.date(), FIRST, FIRST + datetime.timedelta(days=10), {"last"}),
        # Dated after its first publication (published ahead): an update before that date is not shown.
        (FIRST.date() + datetime.timedelta(days=5), FIRST, FIRST + datetime.timedelta(days=2), {"since"}),
    ],
)
def test_which_dates_a_page_shows(own, first, last, shown):
    dates = PublicationDates(own=own, first=first, last=last)
    said = {"first"} if dates.show_first else set()
    said |= {"since"} if dates.show_on_hub_since else set()
    said |= {"last"} if dates.show_last else set()
    assert said == shown


def test_feed_times_of_a_backfilled_item_use_its_own_date():
    published, updated = PublicationDates(own=DAY_2024, first=FIRST, last=FIRST).feed_times()
    assert published == datetime.datetime(2024, 3, 12, 12, 0, tzinfo=UTC)
    assert updated == FIRST


def test_feed_times_keep_the_hubs_time_on_the_items_own_day():
    assert PublicationDates(own=FIRST.date(), first=FIRST, last=FIRST).feed_times() == (FIRST, FIRST)


def test_feed_updated_is_never_before_published():
    ahead = FIRST.date() + datetime.timedelta(days=5)
    published, updated = PublicationDates(own=ahead, first=FIRST, last=FIRST).feed_times()
    assert published.date() == ahead
    assert updated == published


def test_feed_times_of_an_unpublished_page_fall_back():
    published, updated = PublicationDates(own=None, first=None, last=None).feed_times(DAY_2024)
    assert published == updated == datetime.datetime(2024, 3, 12, 12, 0, tzinfo=UTC)
