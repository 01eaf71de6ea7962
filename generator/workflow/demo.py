"""Synthetic portals of realistic shape, deterministic for a seed (`portal demo`).

Sections of 5-30 people with Chinese text of real lengths, both ballot
forms, and the gaps a real cycle has: people who have not submitted, a
section short of ballots, a review not yet written.  The bundled sample in
`scorecards/` was made with it (`portal demo --people 24 --cycles 2 --seed 7`)
and then touched up by hand.
"""

from __future__ import annotations

import datetime
import random
import shutil
from pathlib import Path
from typing import Any

from ..pipeline.model import DIMENSIONS, CycleSettings
from ..pipeline.schema import CYCLE_SCHEMA_FOLDER, SCHEMA_FOLDER, write_schemas
from ..pipeline.validate import paused_gc
from .yamlout import dump

SURNAMES = [("张", "zhang"), ("王", "wang"), ("李", "li"), ("赵", "zhao"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
            ("黄", "huang"), ("周", "zhou"), ("吴", "wu"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"),
            ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"), ("罗", "luo"), ("高", "gao"), ("郑", "zheng"),
            ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng")]
GIVEN = [("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"),
         ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("涛", "tao"),
         ("明", "ming"), ("超", "chao"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("桂英", "guiying"),
         ("建华", "jianhua"), ("志强", "zhiqiang"), ("海燕", "haiyan"), ("晓东", "xiaodong"), ("文博", "wenbo"),
         ("雪梅", "xuemei"), ("国庆", "guoqing"), ("思远", "siyuan"), ("雨桐", "yutong"), ("子涵", "zihan")]
SECTIONS = [("mishu", "秘书处"), ("xinxi", "信息处"), ("zonghe", "综合处"), ("ducha", "督查处"), ("jiyao", "机要处"),
            ("fagui", "法规处"), ("renshi", "人事处"), ("caiwu", "财务处"), ("diaoyan", "调研处"), ("dangan", "档案处"),
            ("jianyi", "建议办理处"), ("xinfang", "信访处")]
LEADERS = ["王建国", "刘志军", "陈晓明", "李红梅", "赵永刚", "孙立新"]
POSTS = ["处长", "副处长", "一级调研员", "二级调研员", "一级主任科员", "二级主任科员", "三级主任科员", "四级主任科员", "一级科员"]
STANDARDS = [
    "公文办理做到格式规范、内容准确、流转及时，全年零差错",
    "来文来电当日登记、当日呈批，急件随到随办",
    "严格执行保密规定，涉密载体全程登记、闭环管理",
    "会议筹备做到方案周密、材料齐全、服务到位",
    "信息报送做到快、准、全，重要信息第一时间上报",
    "督查事项建立台账，逐项跟踪、按期反馈、对账销号",
    "文稿起草做到观点鲜明、数据准确、文风朴实",
    "接待群众来访热情耐心，诉求登记率百分之百",
    "财务报销严格审核，做到手续完备、账实相符",
    "档案归档做到分类科学、著录规范、查找便捷",
]
GOALS_TEXT = [
    "完成重点调研课题，形成有分量的调研报告",
    "参与全省重要会议的组织保障工作",
    "推进办公自动化系统升级，实现公文网上流转全覆盖",
    "建立健全督查工作制度，完善督查台账",
    "牵头修订本处室工作规程和岗位职责",
    "提升信息报送质量，争取更多信息被上级采用",
]
MEASURED_GOALS = [("起草重要文稿", "篇", 20, 40), ("完成专题调研", "项", 2, 4), ("报送信息", "条", 80, 200),
                  ("办理督查事项", "件", 50, 120), ("组织业务培训", "次", 4, 10), ("整理归档案卷", "卷", 300, 800)]
COMMITMENTS = [
    "批办事项即批即办，不拖不延",
    "全年无公文差错",
    "严守工作纪律，做到不该说的不说、不该问的不问",
    "遇到急难险重任务主动请缨、冲在一线",
    "坚持每周学习不少于五小时，撰写学习心得",
    "廉洁自律，不收受任何礼品礼金",
    "对群众反映的问题件件有回音、事事有着落",
    "带好新同志，做好传帮带",
]
EVIDENCE = ["经核查全年零差错", "办理记录完整可查", "有会议纪要和台账为证", "处室考勤与值班记录可查", "群众满意度测评达98%"]
LEARNING = ["完成网络学院课程48学时", "参加全省办公厅系统业务培训班", "撰写学习心得体会8篇", "通过保密知识测试，成绩优秀",
            "自学公文写作专题课程并做读书笔记", "参加处室每周业务学习会"]
WORK = ["牵头起草年度工作报告", "完成省政府常务会议纪要整理", "承担重大活动会务保障", "完成督查专报12期",
        "参与制定信息化建设方案", "办理人大代表建议和政协提案35件"]
CONTRIBUTION = ["节假日值班12天", "主动承担防汛值守任务", "帮扶结对困难群众2户", "义务献血400毫升",
                "加班加点完成紧急文稿", "参加机关志愿服务活动6次"]
SUMMARY = ("全年坚持把学习摆在首位，认真落实岗位职责，较好完成了各项工作任务。"
           "在公文办理、会务保障和信息报送等方面严格按照工作标准执行，所作承诺基本兑现。"
           "不足之处是调查研究还不够深入，创新意识有待加强。明年将进一步提高标准、改进作风。")
COMMENTS = ["成绩突出，群众公认", "工作扎实，作风严谨", "任劳任怨，敢于担当", "业务熟练，服务意识强", "进步明显，仍需加强学习"]
SCALE = {"好": 100, "较好": 85, "一般": 70, "差": 50}
LEVELS = list(SCALE)


PORTAL_PARTS = ("scorecards", "mkdocs.yml", "content")


def existing_portal_parts(out: Path) -> list[str]:
    """What of a portal is already at `out`: a demo never writes into it (nor mixes with it)."""
    return [name for name in PORTAL_PARTS if (out / name).exists()]


def clear_portal(out: Path) -> None:
    """Remove a portal's parts at `out` (asked for with --force), so the demo replaces it whole."""
    for name in existing_portal_parts(out):
        path = out / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def write_demo(out: Path, people: int, cycles: int = 2, seed: int = 0, skeleton: Path | None = None) -> None:
    """Write a synthetic portal root at `out`: scorecards/, and mkdocs.yml and content/ from `skeleton`."""
    with paused_gc():
        write_cycles(out, random.Random(seed), people, cycles)
    if skeleton is not None:
        copy_skeleton(skeleton, out)


def write_cycles(out: Path, rng: random.Random, people: int, cycles: int) -> None:
    roster = make_roster(rng, people)
    write_schemas(out / "scorecards" / SCHEMA_FOLDER)  # for any scale, as `portal schema` writes them
    last_year = 2026
    for offset in range(cycles):
        year = last_year - cycles + 1 + offset
        write_cycle(out / "scorecards" / str(year), rng, roster, year, closed=offset < cycles - 1)


def copy_skeleton(skeleton: Path, out: Path) -> None:
    shutil.copy2(skeleton / "mkdocs.yml", out / "mkdocs.yml")
    if (skeleton / "content").is_dir():
        shutil.copytree(skeleton / "content", out / "content", dirs_exist_ok=True)


def make_roster(rng: random.Random, count: int) -> dict[str, list[dict[str, Any]]]:
    """Sections of 5-30 people: {section id: [person, ...]}, with unique ids."""
    roster: dict[str, list[dict[str, Any]]] = {}
    used: set[str] = set()
    left, index = count, 0
    while left > 0:
        size = min(left, rng.randint(5, 30)) if count > 40 else min(left, rng.randint(5, 8))
        base_id, base_name = SECTIONS[index % len(SECTIONS)]
        round_no = index // len(SECTIONS)
        section_id = base_id if round_no == 0 else f"{base_id}{round_no + 1}"
        roster[section_id] = [make_person(rng, used, section_id, n) for n in range(size)]
        left -= size
        index += 1
    return roster


def make_person(rng: random.Random, used: set[str], section: str, position: int) -> dict[str, Any]:
    (surname, s_py), (given, g_py) = rng.choice(SURNAMES), rng.choice(GIVEN)
    person_id, n = s_py + g_py, 1
    while person_id in used:
        n += 1
        person_id = f"{s_py}{g_py}{n}"
    used.add(person_id)
    post = POSTS[0] if position == 0 else POSTS[min(len(POSTS) - 1, 1 + rng.randint(0, len(POSTS) - 2))]
    return {"id": person_id, "name": surname + given, "section": section, "post": post, "quality": rng.gauss(0, 1)}


def section_name(section_id: str) -> str:
    base = section_id.rstrip("0123456789")
    name = dict(SECTIONS).get(base, section_id)
    suffix = section_id[len(base):]
    return f"{name}（{suffix}）" if suffix else name


def write_cycle(folder: Path, rng: random.Random, roster: dict, year: int, closed: bool) -> None:
    write_schemas(folder / CYCLE_SCHEMA_FOLDER, CycleSettings.model_validate(cycle_settings(year, closed)))  # first: the modelines point at them
    dump(folder / "cycle.yaml", cycle_settings(year, closed), "cycle")
    sections = list(roster)
    dump(folder / "org.yaml", {
        "name": "省委办公厅",
        "sections": [{"id": s, "name": section_name(s), "leader": LEADERS[i % len(LEADERS)]} for i, s in enumerate(sections)],
    }, "org")
    for index, (section, members) in enumerate(roster.items()):
        for person in members:
            dump(folder / "people" / f"{person['id']}.yaml", person_file(rng, person, year, closed), "person")
        short = index == 2  # one section is short of ballots: its democratic figures are withheld
        dump(folder / "democratic" / f"{section}.yaml", democratic_file(rng, section, members, tallies=index % 2 == 1, short=short), "democratic")
        if not (index == 1 and not closed):  # one leader has not yet written the review this year
            dump(folder / "organizational" / f"{section}.yaml", organizational_file(rng, section, members, LEADERS[index % len(LEADERS)]), "organizational")


def cycle_settings(year: int, closed: bool) -> dict[str, Any]:
    return {
        "title": f"{year}年度“三亮三比三评”",
        "status": "closed" if closed else "open",
        "period": {"start": datetime.date(year, 1, 1), "end": datetime.date(year, 12, 31)},
        "scale": dict(SCALE),
        "weights": {"self": 0.2, "democratic": 0.4, "organizational": 0.4},
        "dimensions": {"learning": 0.25, "work": 0.4, "contribution": 0.2, "fulfilment": 0.15},
        "grades": [{"name": "优秀", "min": 90}, {"name": "称职", "min": 75}, {"name": "基本称职", "min": 60}, {"name": "不称职", "min": 0}],
        "excellent_quota": 0.2,
        "veto": {"level": "差", "share": 0.3334, "cap": "基本称职"},
        "min_raters": 3,
        "gap_threshold": 15,
    }


def level_for(rng: random.Random, quality: float, spread: float = 0.8) -> str:
    value = quality + rng.gauss(0, spread)
    return LEVELS[0] if value > 0.4 else LEVELS[1] if value > -0.6 else LEVELS[2] if value > -1.6 else LEVELS[3]


def person_file(rng: random.Random, person: dict, year: int, closed: bool) -> dict[str, Any]:
    measured = rng.sample(MEASURED_GOALS, 2)
    goals: list[Any] = rng.sample(GOALS_TEXT, 2)
    for text, unit, low, high in measured:
        target = rng.randint(low, high)
        goals.append({"text": text, "target": target, "actual": max(0, target + rng.randint(-low // 2, low)), "unit": unit})
    chosen = rng.sample(COMMITMENTS, 4)
    commitments: list[Any] = chosen[:2]
    for text in chosen[2:]:
        commitments.append({"text": text, "result": rng.choice(["kept", "kept", "kept", "partly", "missed"]), "evidence": rng.choice(EVIDENCE)})
    card: dict[str, Any] = {
        "id": person["id"], "name": person["name"], "section": person["section"], "post": person["post"],
        "show": {"standards": rng.sample(STANDARDS, 3), "goals": goals, "commitments": commitments},
        "compare": {"learning": rng.sample(LEARNING, 2), "work": rng.sample(WORK, 2), "contribution": rng.sample(CONTRIBUTION, 2)},
    }
    submitted = closed or rng.random() > 0.12
    if submitted:
        optimism = 0.8 if rng.random() < 0.15 else 0.2
        card["self"] = {
            "scores": {d: level_for(rng, person["quality"] + optimism, 0.5) for d in DIMENSIONS},
            "summary": SUMMARY,
        }
    return card


def democratic_file(rng: random.Random, section: str, members: list[dict], tallies: bool, short: bool) -> dict[str, Any]:
    raters = 2 if short else len(members)
    ballots = []
    for _ in range(raters):
        ballot = {}
        for person in members:
            if rng.random() < 0.03:
                continue  # a rater may leave someone out
            ballot[person["id"]] = {d: level_for(rng, person["quality"]) for d in DIMENSIONS}
        ballots.append(ballot)
    if not tallies:
        return {"section": section, "ballots": ballots}
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for ballot in ballots:
        for person_id, ratings in ballot.items():
            person_counts = counts.setdefault(person_id, {d: {} for d in DIMENSIONS})
            for dimension, level in ratings.items():
                person_counts[dimension][level] = person_counts[dimension].get(level, 0) + 1
    ordered = {p: {d: {lv: c[d][lv] for lv in LEVELS if lv in c[d]} for d in DIMENSIONS} for p, c in counts.items()}
    return {"section": section, "tallies": ordered}


def organizational_file(rng: random.Random, section: str, members: list[dict], leader: str) -> dict[str, Any]:
    people = {}
    for person in members:
        review: dict[str, Any] = {d: level_for(rng, person["quality"], 0.5) for d in DIMENSIONS}
        review["comment"] = rng.choice(COMMENTS)
        people[person["id"]] = review
    return {
        "section": section, "reviewer": leader,
        "section_review": {"score": rng.randint(82, 98), "comment": "全年工作扎实，完成了各项目标任务"},
        "people": people,
    }
