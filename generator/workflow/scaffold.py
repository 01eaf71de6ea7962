"""Starting files by command: a person's scorecard (`portal new person`) and a cycle (`portal new cycle`).

Nothing existing is ever overwritten; every file written validates as is.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..catalog import translate
from ..pipeline.model import Cycle, CycleSettings, Portal, is_safe_id
from ..pipeline.schema import CYCLE_SCHEMA_FOLDER, modeline, write_schemas
from ..problems import UsageError
from .yamlout import dump, yaml_scalar

SCAFFOLD = Path(__file__).parent.parent / "templates" / "scaffold"
YEAR = re.compile(r"(19|20)\d\d")


def person_text(person_id: str, name: str, section: str, post: str, sections: str, lang: str,
                standards: list[str] = (), account: str | None = None, path: Path | None = None) -> str:
    """A new person's scorecard with a comment on every field (the comments in the reader's language)."""
    env = Environment(loader=FileSystemLoader(SCAFFOLD), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["y"] = yaml_scalar  # values are quoted where YAML would misread them ('007', 'yes', 'a: b')
    template = env.get_template("person.yaml.j2")
    return template.render(
        modeline=modeline("person", path), id=person_id, name=name, section=section, post=post, account=account,
        standards=list(standards), sections=sections, say=lambda key, **args: translate(key, lang, **args),
    )


def section_choices(cycle: Cycle) -> str:
    return "、".join(f"{s.id}（{s.name}）" for s in cycle.org.sections)


def new_person(root: Path, cycle: Cycle, person_id: str, name: str, section: str, post: str, lang: str) -> Path:
    """Write scorecards/<cycle>/people/<id>.yaml; refuse an unsafe id, an unknown section or an existing file."""
    if not is_safe_id(person_id):
        raise UsageError("id.unsafe", value=person_id)
    if section not in cycle.section_ids():
        raise UsageError("section.unknown", value=section, sections=section_choices(cycle))
    path = root / "scorecards" / cycle.id / "people" / f"{person_id}.yaml"
    refuse_existing(path, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(person_text(person_id, name, section, post, section_choices(cycle), lang, path=path), encoding="utf-8")
    return path


def refuse_existing(path: Path, root: Path) -> None:
    if path.exists():
        raise UsageError("new.exists", path=path.relative_to(root).as_posix())


def next_title(title: str, old: str, new: str) -> str:
    """"2025年度“三亮三比三评”" for 2026 -> "2026年度“三亮三比三评”"."""
    return title.replace(old, new) if old in title else f"{new} {title}"


def shifted_period(cycle: Cycle, new_id: str) -> dict[str, datetime.date]:
    period = cycle.settings.period
    old_year, new_year = YEAR.search(cycle.id), YEAR.search(new_id)
    years = int(new_year.group()) - int(old_year.group()) if old_year and new_year else 1
    return {"start": shift_years(period.start, years), "end": shift_years(period.end, years)}


def shift_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def new_cycle(root: Path, portal: Portal, new_id: str, source_id: str, carry_standards: bool, lang: str) -> list[Path]:
    """Start scorecards/<new_id>/ from a previous cycle's settings and org (open, the period moved on, no 公示 dates)."""
    from ..pipeline.validate import CYCLE_NAME, RESERVED_CYCLE_NAMES

    if not CYCLE_NAME.fullmatch(new_id) or new_id.lower() in RESERVED_CYCLE_NAMES:
        raise UsageError("cycle.bad_name", name=new_id)
    folder = root / "scorecards" / new_id
    refuse_existing(folder, root)
    source = portal.cycles[source_id]
    # the 公示 is dated for one cycle: copied, its dates would put the old banner (with nobody on the list)
    # on the new cycle's pages; the organisers add this cycle's once they are set
    settings = source.settings.model_dump(by_alias=True, exclude_none=True, exclude={"publicity"})
    if "checkins" not in source.settings.model_fields_set:
        settings.pop("checkins", None)  # written, it would turn check-in reminders on for a unit that does not use them
    settings.update(title=next_title(source.settings.title, source_id, new_id), status="open", period=shifted_period(source, new_id))
    written = [folder / "cycle.yaml", folder / "org.yaml"]
    # the cycle's own schemas first, so that every file written below points at them
    written += write_schemas(folder / CYCLE_SCHEMA_FOLDER, CycleSettings.model_validate(settings))
    dump(written[0], settings, "cycle")
    dump(written[1], source.org.model_dump(exclude_none=True, exclude_defaults=True), "org")
    # Everyone of the previous cycle gets a skeleton (name, section, post, account; an empty show,
    # or last cycle's standards when asked): a cycle without people would not validate, and the
    # staff rarely changes much; who left is removed, who joined is added with `portal new person`.
    sections = section_choices(source)
    for person in source.people.values():
        path = folder / "people" / f"{person.id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        standards = person.show.standards if carry_standards else ()
        path.write_text(person_text(person.id, person.name, person.section, person.post, sections, lang,
                                    standards, person.account, path), encoding="utf-8")
        written.append(path)
    return written
