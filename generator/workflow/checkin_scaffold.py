"""`portal new checkin ID`: the next check-in appended to a person's own file, with a comment on every line.

The file is edited as text, never re-dumped: everything already written
(comments, order, quoting, line endings) stays byte for byte, and the new
entry goes after the last one of the `checkins:` list (or, when the file has
none, at its end).  The entry is filled in from the person's goals: each
measurable goal with an id gets its progress (the last reported figure, or 0),
each other goal with an id its status (the last reported one, or on_track),
to be changed to this period's.  The file with the entry must validate, or
nothing is written.
"""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

import yaml

from ..catalog import translate
from ..pipeline.model import Cycle, Person
from ..pipeline.rules import FileTask, check_file
from ..problems import WARNING, PortalError, UsageError


def shown_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def entry_lines(person: Person, day: datetime.date, lang: str, indent: int) -> list[str]:
    """The new list item, each line with its comment, indented by `indent` spaces (the list's dash column)."""
    say = lambda key, **args: translate(key, lang, **args)  # noqa: E731
    pad, inner = " " * indent, " " * (indent + 2)
    previous = person.checkins[-1] if person.checkins else None
    before = say("new.checkin.after", date=previous.date.isoformat()) if previous else ""
    lines = [f"{pad}- date: {day.isoformat()}  # {say('new.checkin.date')}{before}"]
    measurable = [g for g in person.show.goals if g.get("id") and g.get("target") is not None]
    plain = [g for g in person.show.goals if g.get("id") and g.get("target") is None]
    last = {}
    for checkin in person.checkins:
        last.update({k: v for k, v in checkin.progress.items()})
        last.update({k: v for k, v in checkin.status.items()})
    if measurable:
        lines.append(f"{inner}progress:  # {say('new.checkin.progress')}")
        for goal in measurable:
            value = last.get(goal["id"], 0)
            note = say("new.checkin.goal_target", text=one_line(goal["text"]), target=shown_number(goal["target"]), unit=goal.get("unit") or "",
                       last=shown_number(value) if goal["id"] in last else "—")
            lines.append(f"{inner}  {goal['id']}: {shown_number(value)}  # {note}")
    if plain:
        lines.append(f"{inner}status:  # {say('new.checkin.status')}")
        for goal in plain:
            value = last.get(goal["id"], "on_track")
            note = say("new.checkin.goal_plain", text=one_line(goal["text"]), last=value if goal["id"] in last else "—")
            lines.append(f"{inner}  {goal['id']}: {value}  # {note}")
    if not measurable and not plain:
        lines.append(f"{inner}# {say('new.checkin.no_ids')}")
    lines.append(f"{inner}# note: {say('new.checkin.note')}")
    return lines


def insertion(text: str, shown: str) -> tuple[list[int], int, bool]:
    """Where the entry may go, best first: (line indexes to insert before, the list's dash column, whether
    `checkins:` must be written).  After the last entry's own lines — not after the blank lines and comments
    that follow it and belong to the next key (YAML counts those into a block scalar's extent)."""
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    lines = text.splitlines(keepends=True)
    found = next(((key, value) for key, value in root.value if key.value == "checkins"), None) if isinstance(root, yaml.MappingNode) else None
    if found is None:
        return [len(lines)], 2, True
    key, value = found
    if isinstance(value, yaml.ScalarNode) and value.value == "" and value.tag.endswith(":null") and value.start_mark.index == value.end_mark.index:
        return [key.start_mark.line + 1], 2, False  # `checkins:` with nothing after it yet
    if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
        last = value.value[-1]
        end = last.end_mark.line + (1 if last.end_mark.column > 0 else 0)
        tight = end
        while tight - 1 > last.start_mark.line and (not lines[tight - 1].strip() or lines[tight - 1].lstrip().startswith("#")):
            tight -= 1
        return [tight, end] if tight != end else [end], value.start_mark.column, False
    raise UsageError("new.checkin.unusual", path=shown)


def keeps_what_was_written(before: str, after: str) -> bool:
    """The values of the file are those it had, with one more check-in at the end."""
    old, new = yaml.safe_load(before), yaml.safe_load(after)
    grown = new.pop("checkins", None) or []
    return grown[:-1] == (old.pop("checkins", None) or []) and new == old


def new_checkin(root: Path, cycle: Cycle, person_id: str, day: datetime.date, lang: str) -> Path:
    """Append the next check-in to scorecards/<cycle>/people/<id>.yaml; refuse anything that would not validate."""
    path = root / "scorecards" / cycle.id / "people" / f"{person_id}.yaml"
    shown = path.relative_to(root).as_posix()
    if not path.is_file() or path.is_symlink():
        raise UsageError("new.checkin.no_file", path=shown)
    person = cycle.people.get(person_id)
    if person is None:
        raise UsageError("new.checkin.invalid_file", path=shown)
    period = cycle.settings.period
    if not period.start <= day <= period.end:
        raise UsageError("checkin.date_outside", date=day.isoformat(), start=period.start.isoformat(), end=period.end.isoformat())
    if person.checkins and day <= person.checkins[-1].date:
        raise UsageError("checkin.date_order", date=day.isoformat(), previous=person.checkins[-1].date.isoformat())
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    places, indent, with_key = insertion(text, shown)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    block = ([f"checkins:  # {translate('new.checkin.key', lang)}"] if with_key else []) + entry_lines(person, day, lang, indent)
    options = ["".join(lines[:at]) + "".join(line + newline for line in block) + "".join(lines[at:]) for at in places]
    updated = next((option for option in options if keeps_what_was_written(text, option)), options[-1])
    checked(updated, path, cycle)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + updated.encode("utf-8"))
    return path


def checked(text: str, path: Path, cycle: Cycle) -> None:
    """The file as it would be written, validated in its cycle; errors stop the command (nothing written)."""
    from ..pipeline.model import rating_context

    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / path.name
        probe.write_text(text, encoding="utf-8")
        context = rating_context(cycle.settings.scale) | {"settings": cycle.settings}
        _, problems = check_file(FileTask(probe, path.name, "person", context, {s.id: s for s in cycle.org.sections}))
    errors = [p for p in problems if p.severity != WARNING]
    if errors:
        raise PortalError(errors)

