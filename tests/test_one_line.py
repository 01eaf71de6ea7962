"""One-line fields hold no control characters, and every CSV the portal writes keeps one row per record (issue 19).

A name that began with a carriage return passed validate; `portal results --format csv` and the site's
downloads wrote it unquoted, so LibreOffice Calc ended the row there and ran `=1+1` in the next one.
"""

from __future__ import annotations

import copy
import csv
import io
import shutil
import subprocess

import pytest
import yaml
from conftest import SETTINGS, NoAliasDumper, all_four

from generator.pipeline.aggregate import aggregate_cycle
from generator.pipeline.export import FLAT_COLUMNS, csv_text, flat_records, spreadsheet_safe, to_csv
from generator.pipeline.locate import printable
from generator.pipeline.validate import validate_portal
from generator.site.codes import codes_csv, cycle_codes
from generator.site.downloads import site_downloads
from generator.workflow.forms import tally_csv, tally_rows

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"  # Debian's libreoffice-calc-nogui (.ci/run installs it)
# what a copy from a web page, a spreadsheet or a chat brings along
CONTROL = {"\r": "U+000D", "\n": "U+000A", "\t": "U+0009", "\x85": "U+0085", "\u2028": "U+2028", "\u2029": "U+2029",
           "\u202e": "U+202E"}


def one_line_cases(builder):
    """(how to write the field with `text`, file, field label) for every one-line field of the contract."""
    settings = copy.deepcopy(SETTINGS)

    def cycle_with(change):
        data = copy.deepcopy(settings)
        change(data)
        return lambda: builder.write("cycle.yaml", data)

    def org_with(**section):
        def write():
            builder.write("org.yaml", {"name": "省委办公厅", "sections": [
                {"id": "mishu", "name": "秘书处", "leader": "王五"} | section, {"id": "xinxi", "name": "信息处", "leader": "王五"}]})
        return write

    return {
        "name": (lambda text: builder.person("zhangsan", self_scores="好", name=text), "people/zhangsan.yaml", "name"),
        "post": (lambda text: builder.person("zhangsan", self_scores="好", post=text), "people/zhangsan.yaml", "post"),
        "goal unit": (lambda text: builder.person("zhangsan", self_scores="好", show={
            "goals": [{"text": "起草文稿", "target": 30, "unit": text}]}), "people/zhangsan.yaml", "show.goals[1].unit"),
        "section name": (lambda text: org_with(name=text)(), "org.yaml", "sections[1].name"),
        "leader": (lambda text: org_with(leader=text)(), "org.yaml", "sections[1].leader"),
        "unit name": (lambda text: builder.write("org.yaml", {"name": text, "sections": [
            {"id": "mishu", "name": "秘书处", "leader": "王五"}, {"id": "xinxi", "name": "信息处", "leader": "王五"}]}),
            "org.yaml", "name"),
        "title": (lambda text: cycle_with(lambda d: d.update(title=text))(), "cycle.yaml", "title"),
        "grade": (lambda text: cycle_with(lambda d: d["grades"][0].update(name=text))(), "cycle.yaml", "grades[1].name"),
        "level": (lambda text: cycle_with(lambda d: d.update(scale={text: 100, "较好": 85, "一般": 70, "差": 50}))(),
                  "cycle.yaml", f"scale.{'{text}'}"),
        "contact": (lambda text: cycle_with(lambda d: d.update(publicity={
            "start": "2026-12-20", "end": "2026-12-26", "contact": text}))(), "cycle.yaml", "publicity.contact"),
        "reviewer": (lambda text: builder.write("organizational/mishu.yaml", {
            "section": "mishu", "reviewer": text, "people": {"zhangsan": all_four("好")}}),
            "organizational/mishu.yaml", "reviewer"),
    }


def escaped(builder) -> None:
    """Files written with every character outside ASCII escaped ("\\N", "\\u2028"), as YAML reads them back
    exactly (written raw, a NEL inside quotes is folded into a space)."""
    def write(relative, data, cycle="2026"):
        path = builder.folder(cycle) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.dump(data, Dumper=NoAliasDumper, allow_unicode=False, sort_keys=False), encoding="utf-8")
        return path
    builder.write = write


FIELDS = ["name", "post", "goal unit", "section name", "leader", "unit name", "title", "grade", "level", "contact", "reviewer"]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("char", list(CONTROL))
def test_a_control_character_in_a_one_line_field_is_refused_naming_the_field_and_its_line(minimal, field, char):
    escaped(minimal)
    write, path_end, label = one_line_cases(minimal)[field]
    text = f"{char}=1+1" if field != "level" else f"{char}好"
    write(text)
    found = [p for p in validate_portal(minimal.root).problems if p.path.endswith(path_end) and p.key == "text.control_char"]
    assert len(found) == 1, [(p.path, p.key, p.args) for p in validate_portal(minimal.root).problems]
    problem = found[0]
    message = problem.message("zh")
    assert CONTROL[char] in message and "第 1 个字符" in message and "控制字符" in message
    assert printable(label.format(text=text)) in message
    written = (minimal.root / "scorecards/2026" / path_end).read_text(encoding="utf-8").splitlines()
    if field == "level":  # the key itself, below `scale:` (written as a quoted or a `? ` key)
        assert problem.line - 1 > written.index("scale:")
    else:
        assert f"{label.rsplit('.', 1)[-1]}:" in written[problem.line - 1]


def test_a_control_character_inside_a_name_is_found_where_it_is(minimal):
    minimal.person("zhangsan", self_scores="好", name="张\u2028三")
    [problem] = [p for p in validate_portal(minimal.root).problems if p.key == "text.control_char"]
    assert problem.args["position"] == 2 and "行分隔符" in problem.message("zh") and "line separator" in problem.message("en")


def test_items_summaries_and_comments_may_still_span_lines(minimal):
    minimal.write("people/zhangsan.yaml", {
        "id": "zhangsan", "name": "张三", "section": "mishu", "post": "科员",
        "show": {"standards": ["第一行\n第二行"], "goals": [{"text": "目标\n说明"}], "commitments": ["承诺\t一"]},
        "self": {"scores": all_four("好"), "summary": "第一段\n\n第二段"}})
    report = validate_portal(minimal.root)
    assert report.ok, [p.as_text("zh") for p in report.problems]


@pytest.mark.parametrize("level", [" 好", "好 ", "\u3000好", " "])
def test_a_level_name_with_blanks_at_its_ends_is_refused(minimal, level):
    """Import strips the blanks around a header, so such a level would never find its column in the 计票单."""
    minimal.cycle(scale={level: 100, "较好": 85, "一般": 70, "差": 50})
    found = [p for p in validate_portal(minimal.root).problems if p.path.endswith("cycle.yaml")]
    assert [p.key for p in found] == ["level.blank_edges"] and "计票单" in found[0].message("zh")


# -- every CSV keeps one row per record ------------------------------------------------------------------------

HOSTILE_NAMES = ["\r=1+1", "甲\n=2+2", "乙\r\n@SUM(A1)", '丙"," =3+3', "丁,戊", "己\u2028庚"]


def records_of(text: str) -> list[list[str]]:
    """The rows of a CSV as Python's reader sees them in a file opened as the csv module asks (newline='')."""
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def test_csv_text_quotes_every_field_that_holds_a_line_break_or_a_quote():
    rows = [["id", "name"], *([f"p{i}", name] for i, name in enumerate(HOSTILE_NAMES))]
    text = csv_text(rows)
    assert records_of(text) == [[spreadsheet_safe(c) for c in row] for row in rows]
    assert '"\'\r=1+1"' in text and '"甲\n=2+2"' in text and '"丙"","" =3+3"' in text
    assert text.count("\r\n") == len(rows) + 1  # the row ends, and the CR LF inside 乙's quoted name


def test_a_bare_carriage_return_ended_the_row_with_the_old_writer():
    """What the portal wrote before: csv.writer with lineterminator="\\n" leaves a CR unquoted."""
    old = io.StringIO()
    csv.writer(old, lineterminator="\n").writerow(["p1", spreadsheet_safe("\r=1+1")])
    assert len(records_of(old.getvalue())) == 2  # the row broke in two: the bug
    assert len(records_of(csv_text([["p1", "\r=1+1"]]))) == 1


def hostile_results(minimal):
    """A valid cycle whose names are then given line breaks (past validation, which now refuses them): what
    each CSV writer does with such text, if it ever reached one."""
    cycle = validate_portal(minimal.root).portal.cycles["2026"]
    names = dict(zip(sorted(cycle.people), HOSTILE_NAMES))
    people = {pid: person.model_copy(update={"name": names[pid]}) for pid, person in cycle.people.items()}
    sections = [s.model_copy(update={"name": "秘书\r处", "leader": "=王\n五"}) for s in cycle.org.sections]
    org = cycle.org.model_copy(update={"sections": sections})
    cycle = type(cycle)(cycle.id, cycle.settings, org, people, cycle.democratic, cycle.organizational)
    return cycle, aggregate_cycle(cycle), names


def every_csv(cycle, results) -> dict[str, str]:
    downloads = site_downloads(results, "zh")
    return {
        "portal results --format csv": to_csv(flat_records(results), FLAT_COLUMNS),
        "site results download": downloads["downloads/results-2026.csv"].decode("utf-8"),
        "site sections download": downloads["downloads/sections-2026.csv"].decode("utf-8"),
        "codes": codes_csv(cycle_codes(b"k" * 32, cycle)),
        "计票单": tally_csv(tally_rows(cycle, "mishu", "zh")),
    }


def test_every_csv_the_portal_writes_keeps_one_row_per_record(minimal):
    cycle, results, names = hostile_results(minimal)
    expected_rows = {"portal results --format csv": 1 + 2, "site results download": 1 + 2, "site sections download": 1 + 2,
                     "codes": 1 + 2 + 1, "计票单": 1 + 2 * 4 + 3}  # header, people (codes: and the leader), count rows
    for which, text in every_csv(cycle, results).items():
        rows = records_of(text)
        assert len(rows) == expected_rows[which], which
        assert len({len(row) for row in rows}) == 1, which  # every record has all its columns
        cells = {cell for row in rows for cell in row}
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r", "\n")], which
        shown = {"秘书\r处"} if which == "site sections download" else {spreadsheet_safe(n) for n in names.values()}
        assert shown <= cells, which


@pytest.mark.office
def test_libreoffice_calc_opens_every_csv_one_row_per_record_and_runs_no_formula(minimal, tmp_path):
    """The reader of the report: LibreOffice Calc, formulas evaluated, converting each CSV to a workbook."""
    from openpyxl import load_workbook

    cycle, results, _ = hostile_results(minimal)
    texts = every_csv(cycle, results)
    files = []
    for number, text in enumerate(texts.values()):
        files.append(tmp_path / f"{number}.csv")
        files[-1].write_text(text, encoding="utf-8", newline="")
    # separator, quote, UTF-8, from line 1, …, token 13: evaluate formulas (as the issue's Calc did)
    options = "CSV:44,34,76,1,,0,false,false,true,false,false,0,true"
    subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    f"--infilter={options}", "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    for number, (which, text) in enumerate(texts.items()):
        cells = list(load_workbook(tmp_path / "out" / f"{number}.xlsx").active.iter_rows())
        assert len(cells) == len(records_of(text)), which
        assert not [c.value for row in cells for c in row if c.data_type == "f"], which
        assert [[c.value or "" for c in row] for row in cells][0] == records_of(text)[0], which
