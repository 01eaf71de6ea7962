"""`portal import-ballots`: a survey export or a paper tally sheet -> democratic/<section>.yaml.

Two table shapes are recognised (CSV in UTF-8 or GBK, or the first sheet of
an .xlsx):

* **Survey export** — one row per ballot, one column per person and
  dimension.  A column belongs to the member of the section whose id or name
  it contains, and to the dimension whose word it contains (learning/学习,
  work/工作, contribution/奉献, fulfilment/践诺), so "张三-学习",
  "zhangsan.learning" and "3. 请评价张三的【比学习】" all work.  Other columns
  (time, IP, the rater's name) are ignored: a rater's identity is never
  written.  Ballots are written sorted by content, so their order tells
  nothing about who voted when.
* **Tally sheet** — one row per person and dimension: a person column
  (编号/姓名/id/name), a dimension column (维度/dimension) and one column per
  scale level holding the number of ballots.

Ambiguous columns and incomplete or invalid rows are refused with their
row and column numbers; nothing is written then.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .model import DIMENSIONS, Cycle, Democratic, Ratings, rating_context
from .problems import Problem

DIMENSION_WORDS = {
    "learning": ("learning", "学习"),
    "work": ("work", "工作"),
    "contribution": ("contribution", "奉献"),
    "fulfilment": ("fulfilment", "fulfillment", "践诺"),
}
PERSON_HEADERS = ("编号", "id", "姓名", "name", "人员", "person", "被评人", "被评议人")
DIMENSION_HEADERS = ("维度", "dimension", "项目", "评议项目")


def read_table(path: Path) -> list[list[Any]]:
    """The rows of a CSV (UTF-8, with or without BOM, or GBK as Excel saves it here) or of an .xlsx's first sheet."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return [row for row in csv.reader(io.StringIO(text))]


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class Importer:
    """Reads one table for one section of one cycle, collecting problems with their row and column."""

    def __init__(self, path: Path, shown: str, cycle: Cycle, section: str):
        self.path, self.shown, self.cycle, self.section = path, shown, cycle, section
        self.members = {pid: p.name for pid, p in cycle.people.items() if p.section == section}
        self.context = rating_context(cycle.settings.scale)
        self.problems: list[Problem] = []

    def note(self, row: int | None, column: int | None, key: str, **args: Any) -> None:
        self.problems.append(Problem(self.shown, row, column, key, args))

    def run(self) -> dict[str, Any] | None:
        rows = read_table(self.path)
        if not rows:
            self.note(None, None, "import.empty")
            return None
        header = [cell_text(h) for h in rows[0]]
        lowered = [h.lower() for h in header]
        if any(h in PERSON_HEADERS for h in lowered) and any(h in DIMENSION_HEADERS for h in lowered):
            data = self.tallies(header, rows[1:])
        else:
            data = self.ballots(header, rows[1:])
        if self.problems or data is None:
            return None
        try:
            Democratic.model_validate(data, context=self.context)
        except ValidationError as error:  # e.g. a tally that does not total the same in every dimension
            self.note(None, None, "import.invalid", reason=str(error.errors()[0]["msg"]))
            return None
        return data

    # -- survey exports ---------------------------------------------------------------------

    def person_in(self, text: str, column: int) -> str | None:
        """The member whose id or name the header contains (the longest match); None when there is none."""
        lowered = text.lower()
        found = {pid: max(len(pid) if pid.lower() in lowered else 0, len(name) if name and name in text else 0)
                 for pid, name in self.members.items()}
        best = max(found.values(), default=0)
        matches = [pid for pid, length in found.items() if length == best and best > 0]
        if len(matches) > 1:
            self.note(1, column, "import.ambiguous_column", header=text, people="、".join(matches))
            return None
        return matches[0] if matches else None

    def dimension_in(self, text: str) -> list[str]:
        lowered = text.lower()
        return [d for d, words in DIMENSION_WORDS.items() if any(w in lowered for w in words)]

    def survey_columns(self, header: list[str]) -> dict[int, tuple[str, str]]:
        targets: dict[int, tuple[str, str]] = {}
        seen: dict[tuple[str, str], int] = {}
        for index, text in enumerate(header):
            person = self.person_in(text, index + 1)
            if person is None:
                continue
            remainder = text.replace(person, "").replace(self.members[person] or person, "")
            dimensions = self.dimension_in(remainder)
            if len(dimensions) != 1:
                self.note(1, index + 1, "import.dimension_unclear", header=text)
                continue
            key = (person, dimensions[0])
            if key in seen:
                self.note(1, index + 1, "import.duplicate_column", header=text, other=header[seen[key]])
                continue
            seen[key] = index
            targets[index] = key
        for person in self.members:
            missing = [d for d in DIMENSIONS if (person, d) not in seen]
            if len(missing) < len(DIMENSIONS) and missing:
                self.note(1, None, "import.missing_columns", person=person, dimensions="、".join(missing))
        if not targets and not self.problems:
            self.note(1, None, "import.no_columns", section=self.section)
        return targets

    def ballots(self, header: list[str], rows: list[list[Any]]) -> dict[str, Any] | None:
        targets = self.survey_columns(header)
        if self.problems:
            return None
        ballots = []
        for number, row in enumerate(rows, start=2):
            ballot: dict[str, dict[str, str]] = {}
            for index, (person, dimension) in targets.items():
                value = cell_text(row[index]) if index < len(row) else ""
                if value:
                    ballot.setdefault(person, {})[dimension] = value
            for person, ratings in ballot.items():
                self.check_ballot_entry(number, person, ratings, targets)
            if ballot:
                ballots.append({p: number_or_text(ballot[p]) for p in sorted(ballot)})
        if not ballots and not self.problems:
            self.note(None, None, "import.no_ballots")
        ballots.sort(key=lambda b: json.dumps(b, ensure_ascii=False, sort_keys=True))
        return {"section": self.section, "ballots": ballots}

    def check_ballot_entry(self, number: int, person: str, ratings: dict[str, str], targets: dict) -> None:
        if len(ratings) < len(DIMENSIONS):
            missing = [d for d in DIMENSIONS if d not in ratings]
            self.note(number, None, "import.incomplete_row", person=person, dimensions="、".join(missing))
            return
        try:
            Ratings.model_validate(number_or_text(ratings), context=self.context)
        except ValidationError as error:
            for detail in error.errors():
                dimension = detail["loc"][0]
                column = next(i for i, key in targets.items() if key == (person, dimension)) + 1
                self.note(number, column, "import.bad_rating", person=person, value=ratings[dimension],
                          levels="、".join(self.context["scale"]))

    # -- tally sheets -------------------------------------------------------------------------

    def tallies(self, header: list[str], rows: list[list[Any]]) -> dict[str, Any] | None:
        lowered = [h.lower() for h in header]
        person_column = next(i for i, h in enumerate(lowered) if h in PERSON_HEADERS)
        dimension_column = next(i for i, h in enumerate(lowered) if h in DIMENSION_HEADERS)
        levels = {i: h for i, h in enumerate(header) if h in self.context["scale"]}
        if not levels:
            self.note(1, None, "import.no_levels", levels="、".join(self.context["scale"]))
            return None
        tallies: dict[str, dict[str, dict[str, int]]] = {}
        by_name = {name: pid for pid, name in self.members.items()}
        for number, row in enumerate(rows, start=2):
            cells = [cell_text(c) for c in row] + [""] * len(header)
            if not any(cells[: len(header)]):
                continue
            who = cells[person_column]
            person = who if who in self.members else by_name.get(who)
            dimensions = self.dimension_in(cells[dimension_column])
            if person is None:
                self.note(number, person_column + 1, "import.unknown_person", value=who, section=self.section)
                continue
            if len(dimensions) != 1:
                self.note(number, dimension_column + 1, "import.dimension_unclear", header=cells[dimension_column])
                continue
            counts = {}
            for index, level in levels.items():
                if cells[index]:
                    if not cells[index].isdigit():
                        self.note(number, index + 1, "import.bad_count", value=cells[index])
                        continue
                    if int(cells[index]):
                        counts[level] = int(cells[index])
            if dimensions[0] in tallies.get(person, {}):
                self.note(number, dimension_column + 1, "import.duplicate_row", person=person, dimension=dimensions[0])
            tallies.setdefault(person, {})[dimensions[0]] = counts
        for person, dims in tallies.items():
            missing = [d for d in DIMENSIONS if d not in dims]
            if missing:
                self.note(None, None, "import.missing_columns", person=person, dimensions="、".join(missing))
        return {"section": self.section, "tallies": {p: {d: tallies[p][d] for d in DIMENSIONS} for p in sorted(tallies)}} if not self.problems else None


def number_or_text(ratings: dict[str, str]) -> dict[str, Any]:
    """"92" becomes 92, so that the YAML holds numbers as numbers; levels stay text."""
    result: dict[str, Any] = {}
    for dimension in DIMENSIONS:
        if dimension not in ratings:
            continue
        value = ratings[dimension]
        try:
            number = float(value)
            result[dimension] = int(number) if number.is_integer() else number
        except ValueError:
            result[dimension] = value
    return result
