"""What each audience reads: one cycle's pages, public where the contract says so, sealed elsewhere.

`publish_cycle` is what the build renders.  With `publish.results: everyone`
it is the full site of `render.render_cycle` (the v1 site).  With the
default `restricted` every page is assembled from a public part (rendered
here from the public facts of `audiences`) and sealed blocks holding the
full pages' bodies, each for its readers: a person's results for the
person, their section's leaders and the organisers; a section's figures
for its leaders and the organisers; the full results, comparisons, section
ranking, objections and downloads for the organisers.  Without keys the
sealed blocks are left out: the site then holds the public view only.

On top of both: during the 公示 a banner with the period and the contact on
every page, the proposed first-grade list and the objection counts on the
home page, and in an open cycle a "provisional" note on every page with a
figure.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from markupsafe import Markup

from ..pipeline import appeals
from ..pipeline.aggregate import CycleResults
from ..pipeline.model import SOURCES
from . import audiences
from .audiences import Access
from .render import (
    CycleView,
    ballot_figures,
    compare_context,
    downloads,
    environment,
    figure,
    home_context,
    participation_chart,
    person_context,
    render_cycle,
    results_context,
    section_context,
    section_table_rows,
    sections_index_context,
)
from .sealed_pages import body_of, file_link, restricted

FIGURE_PAGES = re.compile(r"^(index|results|compare|downloads)\.md$|^(sections|people)/")


def publish_cycle(results: CycleResults, history: dict[str, list[dict]], lang: str, access: Access,
                  today: datetime.date, edit_base: str | None = None,
                  section_history: dict[str, list[dict]] | None = None) -> dict[str, str | bytes]:
    """Every generated page and download of one cycle, as its audiences may read them."""
    view = CycleView(results, history, lang)
    if access.restricted:
        figures = audiences.figures_are_public(results.cycle.settings, today)  # contract v1.2: decided there, read by every view
        pages = restricted_pages(results, history, lang, access, edit_base, section_history, figures)
    else:
        pages = render_cycle(results, history, lang, edit_base, section_history)
        pages["results.md"] += objections_markdown(view) + appeals_markdown(view)
    pages["index.md"] = after_status(pages["index.md"], publicity_markdown(view, today))
    return decorated(pages, results, lang, today)


# -- the restricted site ------------------------------------------------------------------------------


def restricted_pages(results: CycleResults, history: dict[str, list[dict]], lang: str, access: Access,
                     edit_base: str | None = None, section_history: dict[str, list[dict]] | None = None,
                     figures: bool = True) -> dict[str, str | bytes]:
    """The restricted site: public parts, sealed blocks.  `figures`: whether everyone may read the figures that
    move with one person (`audiences.figures_are_public`); without them the public parts show participation only."""
    view = CycleView(results, history, lang, edit_base, section_history)
    view.figures_public = figures
    env = environment(lang)
    say = view.say
    full = lambda name, context: env.get_template(name).render(**context)  # noqa: E731
    organisers = access.readers_of_everything()
    sealed = lambda page, block, text, readers, note, extra="": Markup(restricted(  # noqa: E731
        access, page, block, text, readers, say(note), lang, extra))
    members: dict[str, list[str]] = {sid: [] for sid in view.section_names}
    for pid in view.people.index:
        members[view.rows[pid]["section"]].append(pid)

    pages: dict[str, str | bytes] = {
        "index.md": full("home_public.md.j2", public_home_context(view, env)),
        "show/index.md": full("show_index.md.j2", {"sections": section_table_rows(view)}),
        "method.md": render_cycle_page(view, env, "method.md"),
        "compare.md": page_with_seal(env, say("nav.compare"), honour_markdown(view, env, "") if figures else figures_later(view),
                                     sealed("compare.md", "compare", body_of(full("compare.md.j2", compare_context(view))),
                                            organisers, "seal.locked_organisers"), front_matter=True),
        "results.md": page_with_seal(env, say("nav.results"), say("page.access.restricted"),
                                     sealed("results.md", "results", body_of(full("results.md.j2", results_context(view)))
                                            + objections_markdown(view) + appeals_markdown(view), organisers, "seal.locked_organisers"),
                                     front_matter=True, wide=True),
        "sections/index.md": page_with_seal(env, say("nav.sections"), public_sections_table(view, env, ""),
                                            sealed("sections/index.md", "sections", body_of(full("sections_index.md.j2", sections_index_context(view))),
                                                   organisers, "seal.locked_organisers")),
        "downloads.md": page_with_seal(env, say("nav.downloads"), say("page.downloads.intro"),
                                       sealed("downloads.md", "downloads", "", organisers, "seal.locked_organisers",
                                              sealed_downloads(results, lang))),
    }
    for section in view.cycle.org.sections:
        pages[f"show/{section.id}.md"] = render_cycle_page(view, env, f"show/{section.id}.md", section=section, members=members[section.id])
        body = body_of(full("section.md.j2", section_context(view, section, members[section.id]) | {"glance": None}))  # public below
        seal = sealed(f"sections/{section.id}.md", f"sections/{section.id}", body, access.readers_of_section(section.id), "seal.locked_section")
        pages[f"sections/{section.id}.md"] = full("section_public.md.j2", public_section_context(view, section, members[section.id], seal))
    person_template, public_template = env.get_template("person.md.j2"), env.get_template("person_public.md.j2")
    for pid in view.people.index:
        context = person_context(view, pid)
        body = body_of(person_template.render(**(context | {"results_only": True})))
        section = view.rows[pid]["section"]
        seal = sealed(f"people/{pid}.md", f"people/{pid}", body, access.readers_of_person(pid, section), "seal.locked")
        pages[f"people/{pid}.md"] = public_template.render(**(context | {"sealed": seal}))
    return pages


def render_cycle_page(view: CycleView, env, page: str, **extra: Any) -> str:
    """A page that is the same for every audience (the rules, the 三亮 of a section)."""
    from .render import method_context, show_section_context

    if page == "method.md":
        return env.get_template("method.md.j2").render(**method_context(view))
    return env.get_template("show_section.md.j2").render(**show_section_context(view, extra["section"], extra["members"]))


def page_with_seal(env, title: str, public: str, seal: str, front_matter: bool = False, wide: bool = False) -> str:
    """`wide`: no side bars (Material's `hide`), so that a table of ten columns has the page's width (results)."""
    matter = ("---\nsearch:\n  exclude: true\n" + ("hide: [navigation, toc]\n" if wide else "") + "---\n\n") if front_matter else ""
    return env.get_template("restricted_page.md.j2").render(
        front_matter=Markup(matter), title=title, intro="", public=Markup(public), sealed=Markup(seal))


def sealed_downloads(results: CycleResults, lang: str) -> str:
    """The organisers' downloads, carried inside their sealed block (no file in the site)."""
    say = lambda key: environment(lang).globals["t"](key)  # noqa: E731
    files = downloads(results, lang)
    kinds = {".csv": "text/csv;charset=utf-8", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    labels = {f"downloads/results-{results.cycle.id}.csv": "page.downloads.csv",
              f"downloads/results-{results.cycle.id}.xlsx": "page.downloads.xlsx",
              f"downloads/sections-{results.cycle.id}.csv": "page.downloads.sections"}
    links = [file_link(path.rsplit("/", 1)[1], kinds["." + path.rsplit(".", 1)[1]], data, str(say(labels.get(path, path))))
             for path, data in files.items()]
    return "<p>" + "</p>\n<p>".join(links) + "</p>\n"


# -- the public facts ------------------------------------------------------------------------------


def public_home_context(view: CycleView, env) -> dict[str, Any]:
    context = home_context(view)
    # the participation chart in the order of org.yaml: home_context's is the section ranking's, which is restricted
    # (and moves with the members' composites)
    rows = public_section_rows(view)
    context.update(sections_table=Markup(public_sections_table(view, env, "sections/")),
                   section_chart=participation_chart(view, rows), sections=rows,
                   honour=Markup(honour_markdown(view, env, "") if view.figures_public else ""),
                   figures=view.figures_public, later=Markup(figures_later(view)))
    if not view.figures_public:  # nothing computed from scores reaches the page, not even unused
        context.update(complete=None, ungraded=0, grades=[], limit=None, grade_chart=Markup(""), top={})
    return context


def figures_later(view: CycleView) -> str:
    """Where the figures that move with one person would be: when they will be public (a Markdown paragraph)."""
    t = environment(view.lang).globals["t"]
    publicity = view.settings.publicity
    if publicity is not None:
        return str(t("page.figures.later_publicity", start=publicity.start.isoformat()))
    return str(t("page.figures.later_closed"))


def public_section_rows(view: CycleView) -> list[dict[str, Any]]:
    """Each section's public row: counts, and means only over at least min_raters complete members (computed once a view)."""
    cached = getattr(view, "_public_section_rows", None)
    if cached is not None:
        return cached
    rows = []
    for row in section_table_rows(view):
        if not view.figures_public:  # participation only: no complete count, no means (contract v1.2)
            rows.append({key: row[key] for key in ("id", "name", "leader", "members", "submitted", "submitted_share")}
                        | {"complete": None, "means": [], "means_shown": False})
            continue
        complete = view.complete.loc[view.sections_of_complete.get(row["id"], [])]
        shown = audiences.means_are_public(len(complete), view.settings.min_raters)
        means = [figure(complete[s].mean()) if shown else Markup("—") for s in (*SOURCES, "composite")]
        rows.append(row | {"means": means, "means_shown": shown})
    order = {s.id: n for n, s in enumerate(view.cycle.org.sections)}
    view._public_section_rows = sorted(rows, key=lambda r: order[r["id"]])
    return view._public_section_rows


def public_sections_table(view: CycleView, env, prefix: str) -> str:
    return env.get_template("sections_public_table.md.j2").render(
        sections=public_section_rows(view), sources=SOURCES, prefix=prefix, min_raters=view.settings.min_raters,
        figures=view.figures_public, later=Markup(figures_later(view)) if prefix == "" else "")


def honour_markdown(view: CycleView, env, prefix: str) -> str:
    size = view.settings.publish.honour_board
    return env.get_template("honour_board.md.j2").render(board=audiences.honour_board(view.results, size), size=size, prefix=prefix)


def public_section_context(view: CycleView, section, members: list[str], seal: str) -> dict[str, Any]:
    row = next(r for r in public_section_rows(view) if r["id"] == section.id)
    people = [{"id": p, "name": view.rows[p]["name"], "post": view.rows[p]["post"],
               "submitted": view.cycle.people[p].self_assessment is not None} for p in members]
    return {"section": section, "members": people, "sources": SOURCES, "min_raters": view.settings.min_raters,
            "means": row["means"] if row["means_shown"] else None, "sealed": Markup(seal),
            "figures": view.figures_public, "later": Markup(figures_later(view)),
            "ballots": ballot_figures(view, section.id),  # issued/returned/valid/void are public (contract v1.1 rule 13)
            "glance": view.checkin_glance(members, "../")}  # check-ins are public, as the goals are (contract v1.2)


def publicity_markdown(view: CycleView, today: datetime.date) -> str:
    phase = audiences.publicity_phase(view.settings, today)
    counts = audiences.objection_counts(view.cycle)
    proposed = [(pid, name, view.section_names[view.rows[pid]["section"]]) for pid, name in audiences.proposed_first_grade(view.results)]
    return environment(view.lang).get_template("publicity.md.j2").render(
        phase=phase, first=view.settings.grades[0].name, proposed=proposed, counts=counts, total=sum(counts.values()))


def objections_markdown(view: CycleView) -> str:
    names = {**view.section_names, **{pid: view.rows[pid]["name"] for pid in view.people.index}}
    rows = [{"number": number, "received": o.received.isoformat(), "about": names.get(o.about, o.about) if o.about else view.say("page.objections.whole_cycle"),
             "summary": o.summary, "status": o.status, "resolution": o.resolution or "—"} for number, o in view.cycle.objections.items()]
    return "\n" + environment(view.lang).get_template("objections.md.j2").render(objections=rows)


def appeals_markdown(view: CycleView) -> str:
    """For the organisers: every review and appeal, open ones first with the last day of their window (contract v1.2)."""
    names = {pid: view.rows[pid]["name"] for pid in view.people.index}
    rows = []
    for request in appeals.requests(view.cycle):
        a = request.appeal
        deadline = request.deadline.isoformat() if request.deadline else "—"
        if request.in_time is False:
            deadline = view.say("page.appeals.late", deadline=deadline)
        rows.append({"number": request.name, "received": a.received.isoformat(), "about": names.get(a.about, a.about),
                     "kind": a.kind, "status": a.status, "deadline": deadline,
                     "decision": a.decision or "—", "grade": a.grade or "—"})
    windows = view.cycle.settings.appeals
    text = ""
    if windows is not None:
        review = appeals.review_deadline(view.cycle.settings)
        text = view.say("page.appeals.windows", review_days=windows.review_days, appeal_days=windows.appeal_days,
                        notified=windows.notified.isoformat() if windows.notified else "—",
                        review_deadline=review.isoformat() if review else "—")
    return "\n" + environment(view.lang).get_template("appeals.md.j2").render(requests=rows, windows=text)


# -- on every page ------------------------------------------------------------------------------------


def decorated(pages: dict[str, str | bytes], results: CycleResults, lang: str, today: datetime.date) -> dict[str, str | bytes]:
    """The 公示 banner on every page; 'provisional' on the pages with figures of an open cycle; the publicity block at home."""
    settings = results.cycle.settings
    banner = banner_markdown(settings, lang, today)
    provisional = provisional_markdown(lang) if settings.status == "open" else ""
    out: dict[str, str | bytes] = {}
    for path, content in pages.items():
        if isinstance(content, str) and path.endswith(".md"):
            note = provisional if FIGURE_PAGES.search(path) else ""
            content = with_notes(content, banner, note)
        out[path] = content
    return out


def banner_markdown(settings, lang: str, today: datetime.date) -> str:
    """During the 公示: the period and the contact, as a note at the top of a page (empty otherwise)."""
    if audiences.publicity_phase(settings, today) != "during":
        return ""
    p = settings.publicity
    t = environment(lang).globals["t"]
    text = t("page.publicity.banner", start=p.start.isoformat(), end=p.end.isoformat(), contact=p.contact)
    return f'!!! warning "{t("page.publicity.banner_title")}"\n    {text}\n\n'


def provisional_markdown(lang: str) -> str:
    return f'!!! note ""\n    {environment(lang).globals["t"]("page.provisional")}\n\n'


def with_notes(text: str, banner: str, note: str) -> str:
    """The banner and the provisional note right under the title (front matter stays first).

    Never above it: the engine takes a page's title (the browser tab, the header, the guide's menu) from
    its first element only when that is the `# ` heading, and falls back to the file name (`Luofang`)."""
    if not banner and not note:
        return text
    matter = ""
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4) + 5
        matter, text = text[:end] + "\n", text[end:].lstrip("\n")
    if text.startswith("# "):
        title, _, rest = text.partition("\n")
        return f"{matter}{title}\n\n{banner}{note}{rest.lstrip(chr(10))}"
    return f"{matter}{banner}{note}{text}"


def after_status(home: str, block: str) -> str:
    """The publicity block on the home page, after the status note (or at the end)."""
    marker = "\n## "
    at = home.find(marker)
    return home + "\n" + block if at < 0 else home[:at] + "\n" + block + home[at:]
