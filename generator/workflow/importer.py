"""`portal import-ballots`: a survey export or a paper tally sheet -> democratic/<section>.yaml as tallies.

Two table shapes are recognised (read by `tables.read_table`, which refuses
hostile files before parsing them):

* **Survey export** — one row per ballot, one column per person and
  dimension.  A column belongs to the member of the section whose id or name
  it contains, and to the dimension whose word it contains (learning/学习,
  work/工作, contribution/奉献, fulfilment/践诺), so "张三-学习",
  "zhangsan.learning" and "3. 请评价张三的【比学习】" all work.  Other columns
  (time, IP, the rater's name) are ignored.  The cycle's `ballot_rules` void
  ballots (rule 11), and only the **counts** of the valid ballots are written
  (`tallies`, with `returned` and `void`): never single ballots, whose set of
  rated people tells who cast them (nobody rates themselves).
* **Tally sheet** (计票单, as `portal ballots` prints it) — one row per person
  and dimension: a person column (编号/姓名/id/name), a dimension column
  (维度/dimension) and one column per scale level holding the number of
  ballots; rows whose first cell is 发出票数/收回票数/废票数 give those counts.

Ambiguous columns and incomplete or invalid rows are refused with their
row and column numbers; nothing is written then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..pipeline.ballots import Ballot, count_ballots, level_of, tallies_of, void_reason, void_reasons
from ..pipeline.export import as_written
from ..pipeline.model import DIMENSIONS, Cycle, CycleSettings, Democratic, Ratings, rating_context
from ..problems import Problem
from .tables import TableError, read_table

DIMENSION_WORDS = {
    "learning": ("learning", "学习"),
    "work": ("work", "工作"),
    "contribution": ("contribution", "奉献"),
    "fulfilment": ("fulfilment", "fulfillment", "践诺"),
}
PERSON_HEADERS = ("编号", "id", "姓名", "name", "人员", "person", "被评人", "被评议人")
DIMENSION_HEADERS = ("维度", "dimension", "项目", "评议项目")
COUNT_ROWS = {"发出票数": "issued", "issued": "issued", "收回票数": "returned", "returned": "returned",
              "废票数": "void", "废票": "void", "void": "void"}


@dataclass
class Imported:
    """What an import found: the democratic file to write and the counts to report."""

    data: dict[str, Any]
    ballots_counted: int  # ballots behind the tallies (valid ones)
    void_by_reason: dict[str, int] = field(default_factory=dict)

    @property
    def people(self) -> int:
        return len(self.data["tallies"])


def tally_file(section: str, ballots: list[Ballot], settings: CycleSettings, issued: int | None) -> Imported:
    """Rule 11 on a list of ballots: the democratic file of the valid ones' tallies, with issued/returned/void."""
    kept = [ballot for ballot in ballots if void_reason(ballot, settings) is None]
    data: dict[str, Any] = {"section": section}
    if issued is not None:
        data["issued"] = issued
    data.update(returned=len(ballots), void=len(ballots) - len(kept), tallies=tallies_of(kept, settings.scale))
    return Imported(data, len(kept), void_reasons(ballots, settings))


def summary(imported: Imported, settings: CycleSettings) -> list[tuple[str, dict[str, Any]]]:
    """What the import did, as catalog messages: 收回 9 张，有效 8 张，废票 1 张，其中 …; 发出 …，回收率 …"""
    data = imported.data
    lines: list[tuple[str, dict[str, Any]]] = []
    if "returned" in data:
        lines.append(("import.counted", {"returned": data["returned"], "valid": data["returned"] - data["void"], "void": data["void"]}))
        if data["void"] and imported.void_by_reason:
            lines.append(("import.void_detail", dict(imported.void_by_reason)))
    else:
        lines.append(("import.sheet_counted", {"count": imported.ballots_counted}))
    if "issued" in data and "returned" in data:
        rate = f"{data['returned'] / data['issued']:.1%}" if data["issued"] else "—"
        lines.append(("import.issued", {"issued": data["issued"], "rate": rate}))
        count = count_ballots(Democratic.model_validate(data, context=rating_context(settings.scale)), settings)
        if count.quorum_met(settings.ballot_rules) is False:
            lines.append(("import.below_quorum", {"quorum": f"{settings.ballot_rules.quorum:.0%}"}))
    return lines


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ".0", and without the ' that `portal ballots` put before a text
    starting like a formula (so a level named "=…" matches its column in the 计票单 it printed)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return as_written(str(value).strip())


class Importer:
    """Reads one table for one section of one cycle, collecting problems with their row and column."""

    def __init__(self, path: Path, shown: str, cycle: Cycle, section: str, issued: int | None = None):
        self.path, self.shown, self.cycle, self.section, self.issued = path, shown, cycle, section, issued
        self.members = {pid: p.name for pid, p in cycle.people.items() if p.section == section}
        self.context = rating_context(cycle.settings.scale)
        self.problems: list[Problem] = []

    def note(self, row: int | None, column: int | None, key: str, **args: Any) -> None:
        self.problems.append(Problem(self.shown, row, column, key, args))

    def run(self) -> Imported | None:
        try:
            rows = read_table(self.path)
        except TableError as error:
            self.note(error.row, error.column, error.key, **error.args_)
            return None
        if not rows:
            self.note(None, None, "import.empty")
            return None
        header = [cell_text(h) for h in rows[0]]
        lowered = [h.lower() for h in header]
        if any(h in PERSON_HEADERS for h in lowered) and any(h in DIMENSION_HEADERS for h in lowered):
            imported = self.tallies(header, rows[1:])
        else:
            imported = self.ballots(header, rows[1:])
        if self.problems or imported is None:
            return None
        self.check_counts(imported.data)
        try:
            Democratic.model_validate(imported.data, context=self.context)
        except ValidationError as error:  # e.g. a count beyond the bounds of the format
            self.note(None, None, "import.invalid", reason=str(error.errors()[0]["msg"]))
        return None if self.problems else imported

    def check_counts(self, data: dict[str, Any]) -> None:
        """Rule 11 on what will be written: returned ≤ issued, void ≤ returned, n ≤ returned − void."""
        issued, returned, void = data.get("issued"), data.get("returned"), data.get("void")
        if issued is not None and returned is None:
            self.note(None, None, "import.returned_needed")
            return
        if issued is not None and returned > issued:
            self.note(None, None, "ballot.returned_over_issued", returned=returned, issued=issued)
        if returned is not None and void is not None and void > returned:
            self.note(None, None, "ballot.void_over_returned", void=void, returned=returned)
        if returned is not None:
            valid = returned - (void or 0)
            for person, counts in data["tallies"].items():
                n = sum(counts["fulfilment"].values())
                if n > valid >= 0:
                    self.note(None, None, "tally.over_valid", person=person, n=n, valid=valid)

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

    def ballots(self, header: list[str], rows: list[list[Any]]) -> Imported | None:
        targets = self.survey_columns(header)
        if self.problems:
            return None
        ballots: list[Ballot] = []
        for number, row in enumerate(rows, start=2):
            entered: dict[str, dict[str, str]] = {}
            for index, (person, dimension) in targets.items():
                value = cell_text(row[index]) if index < len(row) else ""
                if value:
                    entered.setdefault(person, {})[dimension] = value
            ballot = {person: self.ballot_entry(number, person, ratings, targets) for person, ratings in entered.items()}
            if ballot and all(ballot.values()):
                ballots.append(ballot)
        if not ballots and not self.problems:
            self.note(None, None, "import.no_ballots")
        return None if self.problems else tally_file(self.section, ballots, self.cycle.settings, self.issued)

    def ballot_entry(self, number: int, person: str, ratings: dict[str, str], targets: dict) -> dict[str, Any] | None:
        """One ballot's four ratings of one person, or None (and a problem with its row and column)."""
        if len(ratings) < len(DIMENSIONS):
            missing = [d for d in DIMENSIONS if d not in ratings]
            self.note(number, None, "import.incomplete_row", person=person, dimensions="、".join(missing))
            return None
        column_of = {key: index + 1 for index, key in targets.items()}
        try:
            model = Ratings.model_validate(number_or_text(ratings), context=self.context)
        except ValidationError as error:
            for detail in error.errors():
                dimension = detail["loc"][0]
                self.note(number, column_of[(person, dimension)], "import.bad_rating", person=person, value=ratings[dimension],
                          levels="、".join(self.context["scale"]))
            return None
        entry = {d: getattr(model, d) for d in DIMENSIONS}
        for d, rating in entry.items():
            if level_of(rating, self.cycle.settings.scale) is None:  # tallies count levels: a score between them has no place
                self.note(number, column_of[(person, d)], "import.not_a_level", person=person, value=ratings[d],
                          levels="、".join(f"{level}（{points:g}）" for level, points in self.cycle.settings.scale.items()))
                return None
        return entry

    # -- tally sheets -------------------------------------------------------------------------

    def tallies(self, header: list[str], rows: list[list[Any]]) -> Imported | None:
        lowered = [h.lower() for h in header]
        person_column = next(i for i, h in enumerate(lowered) if h in PERSON_HEADERS)
        dimension_column = next(i for i, h in enumerate(lowered) if h in DIMENSION_HEADERS)
        levels = {i: h for i, h in enumerate(header) if h in self.context["scale"]}
        if not levels:
            self.note(1, None, "import.no_levels", levels="、".join(self.context["scale"]))
            return None
        self.check_level_columns(header, levels, rows)
        if self.problems:
            return None
        tallies: dict[str, dict[str, dict[str, int]]] = {}
        row_of: dict[tuple[str, str], int] = {}
        counts_given: dict[str, int] = {}
        by_name = {name: pid for pid, name in self.members.items()}
        for number, row in enumerate(rows, start=2):
            cells = [cell_text(c) for c in row] + [""] * len(header)
            if not any(cells[: len(header)]):
                continue
            if self.count_row(number, cells, counts_given):
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
                    if not cells[index].isdigit() or len(cells[index]) > 6:
                        self.note(number, index + 1, "import.bad_count", value=cells[index])
                        continue
                    if int(cells[index]):
                        counts[level] = int(cells[index])
            if dimensions[0] in tallies.get(person, {}):
                self.note(number, dimension_column + 1, "import.duplicate_row", person=person, dimension=dimensions[0])
            tallies.setdefault(person, {})[dimensions[0]] = counts
            row_of[(person, dimensions[0])] = number
        for person, dims in tallies.items():
            missing = [d for d in DIMENSIONS if d not in dims]
            if missing:
                self.note(None, None, "import.missing_columns", person=person, dimensions="、".join(missing))
            else:
                self.check_totals(person, dims, row_of)
        if self.problems:
            return None
        return self.sheet_file(tallies, counts_given)

    def check_level_columns(self, header: list[str], levels: dict[int, str], rows: list[list[Any]]) -> None:
        """Every level of the scale has its column, and no column of counts is left out unread.

        A column whose header is not a level used to be skipped in silence: its ballots were lost and the
        import failed later with "totals differ", or passed with fewer ballots on one dimension.
        """
        named = {i for i, h in enumerate(header) if h.lower() in PERSON_HEADERS + DIMENSION_HEADERS} | set(levels)
        for index, text in enumerate(header):
            if index in named or not any(index < len(row) and cell_text(row[index]).isdigit() for row in rows):
                continue  # a column of notes (备注) or an empty one
            near = [level for level in self.context["scale"] if level not in levels.values() and squeezed(level) == squeezed(text)]
            if near:
                self.note(1, index + 1, "import.level_header_differs", header=text, level=near[0])
            else:
                self.note(1, index + 1, "import.unknown_level_column", header=text, levels="、".join(self.context["scale"]))
        for level in self.context["scale"]:
            if level not in levels.values() and not any(p.key == "import.level_header_differs" and p.args["level"] == level
                                                        for p in self.problems):
                self.note(1, None, "import.level_column_missing", level=level, levels="、".join(self.context["scale"]))

    def check_totals(self, person: str, dims: dict[str, dict[str, int]], row_of: dict[tuple[str, str], int]) -> None:
        """Each dimension of a person counts the same ballots: a row that differs from fulfilment's is named."""
        totals = {d: sum(dims[d].values()) for d in DIMENSIONS}
        for dimension in DIMENSIONS:
            if totals[dimension] != totals["fulfilment"]:
                self.note(row_of[(person, dimension)], None, "import.unequal_row", row_number=row_of[(person, dimension)], person=person,
                          name=self.members.get(person) or person, dimension=(f"dim.{dimension}", {}), actual=totals[dimension],
                          fulfilment=("dim.fulfilment", {}),
                          expected=totals["fulfilment"], fulfilment_row=row_of[(person, "fulfilment")])

    def count_row(self, number: int, cells: list[str], counts: dict[str, int]) -> bool:
        """A row 发出票数/收回票数/废票数 and its number (the first filled cell after the label); False for other rows."""
        label = cells[0].replace("（张）", "").replace("(张)", "").replace("：", "").replace(":", "").strip().lower()
        key = COUNT_ROWS.get(label)
        if key is None:
            return False
        column, value = next(((i, c) for i, c in enumerate(cells[1:], start=2) if c), (2, ""))
        if not value.isdigit() or len(value) > 6:
            self.note(number, column, "import.bad_count", value=value)
        else:
            counts[key] = int(value)
        return True

    def sheet_file(self, tallies: dict, counts: dict[str, int]) -> Imported:
        issued = counts.get("issued")
        if self.issued is not None:
            if issued is not None and issued != self.issued:
                self.note(None, None, "import.issued_differs", sheet=issued, option=self.issued)
            issued = self.issued
        data: dict[str, Any] = {"section": self.section}
        if issued is not None:
            data["issued"] = issued
        if "returned" in counts:
            data["returned"] = counts["returned"]
            data["void"] = counts.get("void", 0)
        elif "void" in counts:
            data["void"] = counts["void"]
        data["tallies"] = {p: {d: tallies[p][d] for d in DIMENSIONS} for p in sorted(tallies)}
        counted = max((sum(t["fulfilment"].values()) for t in data["tallies"].values()), default=0)
        if "returned" in data:
            counted = data["returned"] - data["void"]
        return Imported(data, counted)


def squeezed(text: str) -> str:
    """A header without its blanks and control characters, to tell "好 " or "\t好" from a level named 好."""
    return "".join(ch for ch in text if not ch.isspace() and ch.isprintable())


def number_or_text(ratings: dict[str, str]) -> dict[str, Any]:
    """"92" becomes 92, so that numbers are read as numbers; levels stay text."""
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
