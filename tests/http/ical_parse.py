"""Parse an iCalendar object with python3-icalendar and print what the
tests check, as JSON: the calendar's METHOD, NAME, X-WR-CALNAME and
REFRESH-INTERVAL, and per event its UID, SEQUENCE, SUMMARY, STATUS,
LOCATION, ORGANIZER, ATTENDEEs and its start and end as UTC instants (so
that a wrong VTIMEZONE shows as a wrong instant).

usage: /usr/bin/python3 ical_parse.py < calendar.ics
It runs under Debian's /usr/bin/python3, where python3-icalendar lives.
"""
import datetime
import json
import sys

import icalendar


def instant(prop):
    v = prop.dt
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            raise SystemExit("floating time %s" % v)
        return v.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return v.isoformat()


def text(v):
    return None if v is None else str(v)


def main():
    cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
    events = []
    for ev in cal.walk("VEVENT"):
        att = ev.get("ATTENDEE")
        att = [] if att is None else att if isinstance(att, list) else [att]
        events.append({
            "uid": text(ev.get("UID")), "sequence": int(ev.get("SEQUENCE", 0)),
            "summary": text(ev.get("SUMMARY")), "status": text(ev.get("STATUS")),
            "location": text(ev.get("LOCATION")), "organizer": text(ev.get("ORGANIZER")),
            "attendees": [str(a) for a in att],
            "start": instant(ev["DTSTART"]), "end": instant(ev["DTEND"]),
            "tzid": ev["DTSTART"].params.get("TZID"),
        })
    json.dump({"method": text(cal.get("METHOD")), "name": text(cal.get("NAME")),
               "calname": text(cal.get("X-WR-CALNAME")),
               "refresh": text(cal.get("REFRESH-INTERVAL").to_ical().decode()
                               if cal.get("REFRESH-INTERVAL") is not None else None),
               "timezones": [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")],
               "events": events}, sys.stdout)


if __name__ == "__main__":
    main()
