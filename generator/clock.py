""""Today", as the rules that depend on the date see it.

Validation refuses closing a cycle before its 公示 ends, and the site shows
the proposed first-grade list from the 公示's first day: both ask `today()`.
It is the real date of the machine, unless PORTAL_TODAY (YYYY-MM-DD) says
otherwise — for tests, and for checking what a portal will look like on a
given day.
"""

from __future__ import annotations

import datetime
import os


def today() -> datetime.date:
    """The real date, or PORTAL_TODAY when it is set to a valid YYYY-MM-DD."""
    override = os.environ.get("PORTAL_TODAY", "").strip()
    if override:
        try:
            return datetime.date.fromisoformat(override)
        except ValueError:
            pass  # a wrong override must not move the date to anything but the real one
    return datetime.date.today()
