'use strict';
// Parse an iCalendar object with ical.js (npm, test only) and print what
// the HTTP tests compare with python3-icalendar's reading (ical_parse.py),
// as JSON: the calendar's NAME, and per event its UID, SEQUENCE, SUMMARY,
// STATUS and its start and end as UTC instants, computed by ical.js from
// the calendar's own VTIMEZONE.
//   node tests/http/ical_js.js < calendar.ics
const ICAL = require('ical.js');

function utc(time) {
  return time.toJSDate().toISOString().replace(/\.000Z$/, 'Z');
}

function main(text) {
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const tz of cal.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(tz);
  }
  const events = cal.getAllSubcomponents('vevent').map((c) => {
    const ev = new ICAL.Event(c);
    return {
      uid: ev.uid, sequence: ev.sequence, summary: ev.summary,
      status: c.getFirstPropertyValue('status'),
      start: utc(ev.startDate), end: utc(ev.endDate),
    };
  });
  process.stdout.write(JSON.stringify({
    name: cal.getFirstPropertyValue('name'),
    timezones: cal.getAllSubcomponents('vtimezone').map((t) => t.getFirstPropertyValue('tzid')),
    events,
  }));
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => main(input));
