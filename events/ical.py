"""iCalendar (RFC 5545) export of events, for readers who follow the agenda in their calendar."""

import datetime

from django.http import HttpResponse
from django.utils import timezone

PRODUCT_ID = "-//Territoires en Commun//Agenda//FR"


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def utc_stamp(moment) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(event, request):
    """The VEVENT lines of one event page."""
    location = (
        "En ligne / Online"
        if event.is_online
        else ", ".join(
            part
            for part in (event.venue_name, event.street_address, event.postcode, event.city)
            if part
        )
    )
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.translation_key}-{event.locale.language_code}@territoires-en-commun",
        f"DTSTAMP:{utc_stamp(event.last_published_at or timezone.now())}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at or event.starts_at)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(event.summary)}",
        f"URL:{request.build_absolute_uri(event.get_url(request))}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines.append("END:VEVENT")
    return lines


def ical_response(request, events, *, name, filename):
    """A calendar file holding ``events``."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(event_lines(event, request))
    lines.append("END:VCALENDAR")
    body = "\r\n".join(fold(line) for line in lines) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
