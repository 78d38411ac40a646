"""Strict-ish .ics check for tests: python check_ics.py FILE..."""
import sys
from datetime import datetime
import icalendar

REQUIRED_CAL = ("VERSION", "PRODID")
REQUIRED_EVENT = ("UID", "DTSTAMP", "DTSTART")

def check(path: str) -> int:
    raw = open(path, "rb").read()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"", "file must end with CRLF"
    for n, line in enumerate(lines[:-1], 1):
        assert b"\n" not in line and b"\r" not in line, f"bare LF/CR in line {n}"
        assert len(line) <= 75, f"line {n} is {len(line)} octets (>75)"
    cals = icalendar.Calendar.from_ical(raw, multiple=True)   # raises ValueError on syntax errors
    assert len(cals) == 1, "exactly one VCALENDAR expected"
    cal = cals[0]
    for c in cal.walk():   # lenient parser: bad property values land in .errors instead of raising
        if c.errors:
            raise ValueError(f"{c.name}: {c.errors}")
    for p in REQUIRED_CAL:
        assert p in cal, f"VCALENDAR lacks {p}"
    assert str(cal["VERSION"]) == "2.0"
    events = cal.walk("VEVENT")
    uids = set()
    for ev in events:
        for p in REQUIRED_EVENT:
            assert p in ev, f"VEVENT lacks {p}"
        assert not ("DTEND" in ev and "DURATION" in ev), "DTEND and DURATION both set"
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND", None)
        assert isinstance(start, datetime) and ev["DTSTART"].to_ical().endswith(b"Z"), "DTSTART must be UTC (…Z)"
        assert end is None or end > start, "DTEND must be after DTSTART"
        assert ev["UID"] not in uids, "duplicate UID"
        uids.add(ev["UID"])
        assert ev.get("STATUS", "CONFIRMED") in ("TENTATIVE", "CONFIRMED", "CANCELLED")
    print(f"{path}: ok, {len(events)} event(s), name={str(cal.get('NAME'))!r}")
    return len(events)

if __name__ == "__main__":
    for f in sys.argv[1:]:
        check(f)
