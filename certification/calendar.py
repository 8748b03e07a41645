"""A person's iCalendar feed, built with the ``icalendar`` package from the events
``selectors.programs.calendar_events`` reads."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from certification.selectors.programs import CalendarEvent


def feed_ics(events: list[CalendarEvent], *, name: str) -> bytes:
    """The feed as bytes: all-day events for dates, timed events in UTC."""
    calendar = Calendar()
    calendar.add("prodid", "-//Roundtable Academy//Certification feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.summary)
        if item.day:
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        else:
            event.add("dtstart", item.starts_at)
            event.add("dtend", item.ends_at)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        calendar.add_component(event)
    return calendar.to_ical()
