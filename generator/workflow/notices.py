"""`portal notices`: the 考核结果通知书, one A4 page per person, to print and hand over (organisers only).

Each notice gives the person's name, section and post, the grade (marked when a
review or appeal amended it), the composite and the three assessments, the
leader's comment, the rights to a review (复核) and an appeal (申诉) with
their dates from `appeals` in cycle.yaml, and a line for the person's
signature and date.  Once the cycle is closed (`portal close`), it also
carries what lets the person check their own page later without trusting
anyone: the page's path and SHA-256, its inclusion proof and the signed
Merkle root (`merkle.py`; `portal verify C PAGE`, or a dozen lines of hashlib).

The notices hold restricted results, so they are written to a git-ignored
folder outside the site (`notices/`, like `codes/`): one HTML file per
section, or per person.  The pages are self-contained (inline CSS, no outside
resource) and every text from the scorecards is escaped by Jinja2's autoescape.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..catalog import translate
from ..pipeline import archive
from ..pipeline.aggregate import CycleResults
from ..pipeline.export import round_half_up
from . import merkle

TEMPLATES = Path(__file__).parent.parent / "templates"


@dataclass(frozen=True)
class Proof:
    """What the notice prints for checking the person's page: its path, hash, proof and the signed root."""

    path: str
    digest: str
    steps: list[str]
    root: str
    manifest: str
    signed_by: str
    signed_at: str


def figure(value) -> str:
    rounded = round_half_up(value)
    return "—" if rounded is None else f"{rounded:.2f}"


class Proofs:
    """The page checks of one cycle, from its newest manifest in the repository (the tree built once)."""

    def __init__(self, root: Path, cycle_id: str):
        self.newest = archive.newest_manifest(root, cycle_id)
        self.files = (self.newest.data.get("files") or {}) if self.newest is not None else {}
        self.tree = merkle.Tree(self.files) if self.files else None

    def of(self, person: str) -> Proof | None:
        """None while the cycle is not closed with `portal close`."""
        if self.tree is None:
            return None
        data = self.newest.data
        for path in (f"site/people/{person}/index.html", f"site/people/{person}.html"):  # directory URLs, or not
            if path in self.files:
                return Proof(path.removeprefix("site/"), self.files[path], self.tree.proof(path), str(data.get("root")),
                             self.newest.path.name, str(data.get("signed_by")), str(data.get("signed_at")))
        return None


def notice_rows(results: CycleResults, proofs: Proofs, lang: str, people: list[str]) -> list[dict]:
    say = lambda key, **args: translate(key, lang, **args)  # noqa: E731
    cycle = results.cycle
    sections = {s.id: s.name for s in cycle.org.sections}
    rows = []
    for pid in people:
        row = results.people.loc[pid]
        person = cycle.people[pid]
        review = cycle.organizational.get(person.section)
        comment = review.people[pid].comment if review and pid in review.people else None
        withheld = 0 < int(row["raters"]) < cycle.settings.min_raters
        amended = row.get("amended_by") if "amended_by" in row else None
        rows.append({
            "id": pid, "name": person.name, "section": sections[person.section], "post": person.post,
            "complete": row["status"] == "complete",
            "grade": row["grade"] if isinstance(row["grade"], str) else "—",
            "amended": say("notices.amended", source=amended, computed=row["computed_grade"]) if amended else "",
            "missing": "、".join(say(f"missing.{m}") for m in row["missing"]),
            "composite": figure(results.exact(row.to_dict(), "composite")),
            "self": figure(results.exact(row.to_dict(), "self")),
            "democratic": say("withheld") if withheld else figure(results.exact(row.to_dict(), "democratic")),
            "organizational": figure(results.exact(row.to_dict(), "organizational")),
            "comment": comment or "—",
            "proof": proofs.of(pid),
        })
    return rows


def rights_text(results: CycleResults, lang: str, issued: datetime.date) -> str:
    """The rights to a review and an appeal, with the last day of the review window counted from `issued`."""
    windows = results.cycle.settings.appeals
    if windows is None:
        return translate("notices.rights_unset", lang, unit=results.cycle.org.name)
    until = issued + datetime.timedelta(days=windows.review_days)
    return translate("notices.rights", lang, unit=results.cycle.org.name, review_days=windows.review_days,
                     until=until.isoformat(), appeal_days=windows.appeal_days)


def write_notices(results: CycleResults, root: Path, out: Path, lang: str, issued: datetime.date, per_person: bool,
                  section: str | None = None) -> list[Path]:
    """The notices of a cycle (or one section), one HTML file per section or per person; returns the files written."""
    cycle = results.cycle
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, autoescape=select_autoescape(["html", "j2"]))
    template = env.get_template("result_notice.html.j2")
    words = {key: translate(f"notices.{key}", lang) for key in (
        "title", "intro", "grade", "composite", "self", "democratic", "organizational", "comment", "sign", "date",
        "incomplete", "verify_title", "verify_how", "page", "digest", "proof", "root", "not_closed", "seal")}
    context = {"t": words, "unit": cycle.org.name, "cycle_title": cycle.settings.title, "cycle": cycle.id,
               "rights": rights_text(results, lang, issued), "issued": issued.isoformat(), "lang": "en" if lang == "en" else "zh-CN",
               "say": lambda key, **args: translate(key, lang, **args)}
    order = [s.id for s in cycle.org.sections if section in (None, s.id)]
    groups = {sid: sorted(p for p, person in cycle.people.items() if person.section == sid) for sid in order}
    out.mkdir(parents=True, exist_ok=True)
    proofs = Proofs(root, cycle.id)  # the tree once for the cycle, not once a section
    written = []
    for sid, people in groups.items():
        if not people:
            continue
        rows = notice_rows(results, proofs, lang, people)
        if per_person:
            folder = out / f"notices-{cycle.id}"
            folder.mkdir(exist_ok=True)
            for row in rows:
                path = folder / f"{row['id']}.html"
                path.write_text(template.render(**context, notices=[row], title=f"{row['name']} · {words['title']}"), encoding="utf-8")
                written.append(path)
        else:
            path = out / f"notices-{cycle.id}-{sid}.html"
            name = next(s.name for s in cycle.org.sections if s.id == sid)
            path.write_text(template.render(**context, notices=rows, title=f"{name} · {words['title']}"), encoding="utf-8")
            written.append(path)
    return written
