"""The data contract of FORMAT.md as strict, frozen types: one class per file kind and part.

Shape is checked here (types, required and unknown keys, rating values
against the cycle's scale, passed in the validation context); rules that
span fields or files live in `validate`.  Field docstrings feed the JSON
Schemas that editors use (`portal schema`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, NotRequired

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    WrapValidator,
)
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

from .exact import WrittenFloat, float_from_text, keep_written
from .vault import is_public_key

DIMENSIONS = ("learning", "work", "contribution", "fulfilment")
SOURCES = ("self", "democratic", "organizational")
RESULTS = ("kept", "partly", "missed")
SAFE_ID = re.compile(r"^[A-Za-z0-9_-]+$")  # ASCII only: a Cyrillic "і" must not make a second "lintao"
ACCOUNT = re.compile(r"^@?[A-Za-z0-9][A-Za-z0-9._-]*$")
RESERVED_SECTION_IDS = {"index"}  # sections/<id>.md and show/<id>.md sit beside the listing's index.md


class RatingValue(NamedTuple):
    """A rating as read: the level's name (None for a number) and its points."""

    label: str | None
    points: float


def text_from_scalar(value: Any) -> Any:
    """Free text may be written as a bare number or date; keep it as text."""
    if isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return str(value)
    return value


def is_safe_id(value: str) -> bool:
    """Usable as a file and folder name everywhere: ASCII letters, digits, '_' and '-' only."""
    return SAFE_ID.fullmatch(value) is not None


def checked_id(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "an id must be text", {})
    if not is_safe_id(value):
        raise PydanticCustomError("id.unsafe", "unsafe id", {"value": value})
    return value


def rating_context(scale: dict[str, float]) -> dict[str, Any]:
    """What validating a file needs to know of its cycle: the scale, and one shared RatingValue per level
    (hundreds of thousands of ballot ratings then cost no memory of their own)."""
    return {"scale": dict(scale), "ratings": {level: RatingValue(level, as_float(points)) for level, points in scale.items()}}


def as_float(number: float | int) -> float:
    """A float of the same exact value: a `WrittenFloat` (more digits than a double) stays as it is."""
    return number if isinstance(number, WrittenFloat) else float(number)


def scale_levels(info: ValidationInfo) -> dict[str, float] | None:
    return (info.context or {}).get("scale")


def parse_rating(value: Any, info: ValidationInfo) -> RatingValue:
    """A level name of the cycle's scale, or a number from 0 to 100."""
    context = info.context or {}
    scale = context.get("scale")
    if scale is not None and value.__class__ is str:
        shared = context.get("ratings", {}).get(value)  # the common case: a level written as is, one object per level
        if shared is not None:
            return shared
        if value.strip() in scale:
            return RatingValue(value.strip(), float(scale[value.strip()]))
    levels = "、".join(scale) if scale else ""
    number = number_from(value)
    if number is not None and 0 <= number <= 100:
        return RatingValue(None, number)
    if isinstance(value, str) and scale is None:
        return RatingValue(value.strip(), float("nan"))  # the scale itself is broken; reported there
    key = "rating.level_unknown" if isinstance(value, str) and number is None else "rating.invalid"
    raise PydanticCustomError(key, "invalid rating", {"value": value, "levels": levels})


def number_from(value: Any) -> float | None:
    """The number a rating holds (quoted numbers too), or None; never a bool, NaN or infinity."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            number = as_float(value)
        except OverflowError:  # an integer of 400 digits
            return None
    elif isinstance(value, str):
        try:
            number = float_from_text(value)  # '92', and a quoted decimal of many digits keeps them
        except ValueError:
            return None
    else:
        return None
    if number != number or abs(number) == float("inf"):
        return None
    return 0.0 if number == 0 else number  # -0.0 becomes 0.0


def checked_level(value: Any, info: ValidationInfo) -> str:
    scale = scale_levels(info)
    if not isinstance(value, str) or (scale is not None and value not in scale):
        raise PydanticCustomError("tally.level_unknown", "unknown level", {"value": value, "levels": "、".join(scale or ())})
    return value


def empty_if_none(value: Any) -> Any:
    """`standards:` left blank is an empty list, not an error."""
    return [] if value is None else value


def empty_mapping_if_none(value: Any) -> Any:
    return {} if value is None else value


def checked_account(value: Any) -> str:
    """A user name on the git host, written with or without the leading @."""
    if not isinstance(value, str) or not ACCOUNT.fullmatch(value):
        raise PydanticCustomError("account.invalid", "invalid account", {"value": value})
    return value.removeprefix("@")


Text = Annotated[str, BeforeValidator(text_from_scalar)]


# -- bounds (issue 10) ----------------------------------------------------------------
# Every number, list and text has a bound no real office reaches, so that what
# validate accepts always builds (no OverflowError from 1e308 or year 9999) and
# no single file can make the build or the search index balloon.  README
# "Decisions" and content/guide/rules.md list them; the messages say them.
MAX_NAME = 50           # a person's, section's, leader's or reviewer's name; a post; a grade or scale level
MAX_TITLE = 100         # the cycle's title, the unit's name
MAX_UNIT = 20           # a goal's unit, e.g. 篇
MAX_ITEM = 500          # one standard, goal, commitment, evidence or compare item
MAX_LONG_TEXT = 5000    # a self-assessment summary, a review comment
MAX_ITEMS = 50          # standards, goals, commitments, and items per compare dimension
MAX_SECTIONS = 5000     # a unit of 50,000 people (the scale the benchmark checks) in sections of ten
MAX_LEVELS = 10         # scale levels, grade bands
MAX_ORGANISERS = 100
GOAL_NUMBER = (0.001, 1_000_000_000)  # a goal's target/actual: 0, or within these
MAX_TALLY = 100_000     # ballots of one level in a paper tally
MAX_MIN_RATERS = 10_000
YEARS = (2000, 2100)    # a cycle's period
MAX_CHECKINS = 60       # check-ins of one person in a cycle: weekly for a year fits


def Bounded(kind: Any, **limits: Any) -> Any:  # noqa: N802 - reads as a type
    return Annotated[kind, Field(**limits)]


def checked_goal_number(value: float, info: ValidationInfo) -> float:
    """0, or a number in GOAL_NUMBER: 5.0e-324 and 1e300 would overflow the progress figure."""
    low, high = GOAL_NUMBER
    if value != 0 and not low <= value <= high:
        raise PydanticCustomError("value.goal_number", "goal number out of bounds",
                                  {"value": value, "low": low, "high": f"{high:,}"})
    return value + 0.0  # -0.0 becomes 0.0


def checked_year(value: datetime.date) -> datetime.date:
    low, high = YEARS
    if not low <= value.year <= high:
        raise PydanticCustomError("value.year_range", "year out of bounds", {"value": value.isoformat(), "low": low, "high": high})
    return value


# -- one-line text (issue 19) ------------------------------------------------------------
# Names, posts, section and leader names, titles, scale level and grade names, a goal's unit and the 公示
# contact stand on one line: in tables, page titles, the version selector and every CSV the portal writes
# (a name starting with a carriage return ended a row in LibreOffice Calc).  A control character (C0 and
# C1: tab, line feed, carriage return, NEL, …), a line or paragraph separator (U+2028, U+2029) or an
# explicit direction control (U+202A-U+202E, U+2066-U+2069, which make a name display as another) is
# refused there, named with its code point.  Items, summaries and comments may span lines.
NOT_IN_ONE_LINE = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
CONTROL_IN_LINE = re.compile(f"[{NOT_IN_ONE_LINE}]")
ONE_LINE_PATTERN = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]*$"  # the same, for editors
CHARACTER_NAMES = {"\t": "char.tab", "\n": "char.lf", "\r": "char.cr", "\x85": "char.nel", "\u2028": "char.line_separator",
                   "\u2029": "char.paragraph_separator"}


def control_character(text: str) -> tuple[str, int] | None:
    """The first character `text` may not hold on one line, as "U+000D", and its place (from 1); None if clean."""
    match = CONTROL_IN_LINE.search(text)
    return None if match is None else (f"U+{ord(match.group()):04X}", match.start() + 1)


def checked_one_line(value: str) -> str:
    found = control_character(value)
    if found is not None:
        char = value[found[1] - 1]
        raise PydanticCustomError("text.control_char", "control character in a one-line text",
                                  {"char": found[0], "position": found[1],
                                   "what": (CHARACTER_NAMES.get(char, "char.control"), {})})
    return value


def checked_level_name(value: str) -> str:
    """A scale level is a column header of the 计票单 and a cell of a survey export: import strips cells,
    so a level with blanks around it (or none at all) would never match its column."""
    if not value.strip() or value != value.strip():
        raise PydanticCustomError("level.blank_edges", "level name with blanks at its ends", {"value": value})
    return value


def OneLine(kind: Any, limit: int) -> Any:  # noqa: N802 - reads as a type
    """Text of at most `limit` characters on one line; editors get the same pattern."""
    return Annotated[kind, Field(max_length=limit, json_schema_extra={"pattern": ONE_LINE_PATTERN}),
                     AfterValidator(checked_one_line)]


Name = OneLine(Text, MAX_NAME)
Title = OneLine(Text, MAX_TITLE)
ItemText = Bounded(Text, max_length=MAX_ITEM)
LongText = Bounded(Text, max_length=MAX_LONG_TEXT)
GoalNumber = Annotated[float, AfterValidator(checked_goal_number),
                       WithJsonSchema({"type": "number", "minimum": 0, "maximum": GOAL_NUMBER[1]})]
PeriodDate = Annotated[datetime.date, AfterValidator(checked_year)]
LevelName = Annotated[OneLine(str, MAX_NAME), AfterValidator(checked_level_name)]
Account = Annotated[str, PlainValidator(checked_account), WithJsonSchema({"type": "string", "pattern": r"^@?[A-Za-z0-9][A-Za-z0-9._-]*$"})]
Id = Annotated[str, PlainValidator(checked_id), WithJsonSchema({"type": "string", "pattern": SAFE_ID.pattern})]


def checked_section_id(value: Any) -> str:
    value = checked_id(value)
    if value.lower() in RESERVED_SECTION_IDS:
        raise PydanticCustomError("id.reserved", "reserved id", {"value": value})
    return value


SectionId = Annotated[str, PlainValidator(checked_section_id), WithJsonSchema({"type": "string", "pattern": SAFE_ID.pattern})]
SCHEMA_MARK = "x-portal"  # where the editors' schema (schema.py) puts what only the cycle knows: its levels
Rating = Annotated[
    RatingValue,
    PlainValidator(parse_rating),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "number", "minimum": 0, "maximum": 100}], SCHEMA_MARK: "rating"}),
]
Level = Annotated[str, PlainValidator(checked_level), WithJsonSchema({"type": "string"})]
Fraction01 = Annotated[float, Field(ge=0, le=1), WrapValidator(keep_written)]
MAX_BALLOTS = 100_000  # ballots of one section: far above any real section, far below what breaks arithmetic


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, allow_inf_nan=False, populate_by_name=True
    )


# -- cycle.yaml ---------------------------------------------------------------------


class Period(Strict):
    start: PeriodDate
    """First day of the cycle, e.g. 2026-01-01."""
    end: PeriodDate
    """Last day of the cycle, e.g. 2026-12-31."""


class Weights(Strict):
    self_: Fraction01 = Field(alias="self")
    """Weight of the self-assessment in the composite."""
    democratic: Fraction01
    """Weight of the democratic assessment (ballots) in the composite."""
    organizational: Fraction01
    """Weight of the organisational assessment (the leader's review) in the composite."""


class DimensionWeights(Strict):
    learning: Fraction01
    work: Fraction01
    contribution: Fraction01
    fulfilment: Fraction01


class GradeBand(Strict):
    name: Name
    """Name of the grade, e.g. 优秀."""
    min: Annotated[float, Field(ge=0, le=100), WrapValidator(keep_written)]
    """Lowest composite that reaches this grade."""


class Veto(Strict):
    level: str
    """The scale level that counts against a person, e.g. 差."""
    share: Fraction01
    """Share of ballots at that level (on fulfilment) that triggers the veto."""
    cap: str
    """The best grade a vetoed person can get."""


class BallotRules(Strict):
    """How ballots are counted (contract v1.1, rules 11-12); every key is optional."""

    quorum: Annotated[float, Field(gt=0, le=1), WrapValidator(keep_written)] | None = None
    """Returned / issued ballots must be at least this share, else the section's democratic assessment is invalid."""
    void_uniform: bool = False
    """A ballot naming at least 2 people that gives every dimension of every person the same points is void."""
    max_top_share: Fraction01 | None = None
    """A ballot giving the top level's points on fulfilment to more than this share of the people it names is void."""


class Publish(Strict):
    results: Literal["restricted", "everyone"] = "restricted"
    """Who reads each person's scores, grade, rank and the leader's comments: restricted (default: the person,
    the organisers and the section's leader, each with their code) or everyone (every reader of the site)."""
    honour_board: Annotated[int, Field(ge=0, le=1000)] = 5
    """Names of the top N in each 三比 dimension, shown to everyone (names and order only); 0 hides the board."""


class Publicity(Strict):
    start: PeriodDate
    """First day of the 公示 of the proposed first-grade list."""
    end: PeriodDate
    """Last day of the 公示."""
    contact: OneLine(Text, MAX_ITEM)
    """Where objections go, e.g. 机关党委办公室 电话 6123 4567."""


class AppealWindows(Strict):
    """How long a person has to ask for a review (复核) and then to appeal (申诉), in days (contract v1.2)."""

    review_days: Annotated[int, Field(ge=1, le=365)]
    """Days from the result notice to ask the unit for a review (复核)."""
    appeal_days: Annotated[int, Field(ge=1, le=365)]
    """Days from the review's decision to appeal (申诉) to the body above."""
    notified: PeriodDate | None = None
    """Optional: the day the result notices were handed out; the review window runs from it."""


class CheckinThresholds(Strict):
    """When a measurable goal is behind or at risk (contract v1.2): shares of its target behind the straight line."""

    behind: Fraction01 = 0.165
    """Behind from this share of the target below the straight line (default 0.165)."""
    at_risk: Fraction01 = 0.33
    """At risk from this share of the target below the straight line (default 0.33)."""


class CycleSettings(Strict):
    title: Title
    """Title of the cycle, shown in the site and the version selector."""
    status: Literal["open", "closed"]
    """open while scorecards are collected; closed freezes the cycle."""
    period: Period
    scale: Bounded(dict[LevelName, Annotated[float, Field(ge=0, le=100), WrapValidator(keep_written)]], max_length=MAX_LEVELS)
    """Rating levels and their points, best first."""
    weights: Weights
    dimensions: DimensionWeights
    grades: Bounded(list[GradeBand], max_length=MAX_LEVELS)
    """Composite bands, best first; the last has min 0."""
    excellent_quota: Fraction01
    """At most floor(quota x complete people) get the first grade."""
    veto: Veto | None = None
    min_raters: Annotated[int, Field(ge=1, le=MAX_MIN_RATERS)] = 3
    """Democratic results need at least this many ballots."""
    gap_threshold: Annotated[float, Field(ge=0, le=100), WrapValidator(keep_written)] = 15
    """Self vs democratic gap that raises a flag."""
    ballot_rules: BallotRules | None = None
    """Optional (v1.1): quorum and the rules that make a ballot void."""
    publish: Publish = Publish()
    """Who may read what (contract v1.1); absent: results restricted, honour board of 5."""
    publicity: Publicity | None = None
    """The 公示 period of the proposed first-grade list and the contact for objections (contract v1.1)."""
    appeals: AppealWindows | None = None
    """Optional (contract v1.2): the days a person has for a review (复核) and an appeal (申诉)."""
    checkins: CheckinThresholds = CheckinThresholds()
    """Optional (v1.2): the thresholds of a measurable goal's computed check-in status."""


# -- org.yaml -----------------------------------------------------------------------


class Section(Strict):
    id: SectionId
    """Short id of the section (letters), used in file names."""
    name: Name
    """Name of the section, e.g. 秘书处."""
    leader: Name
    """The leader in charge (分管领导)."""
    leader_account: Account | None = None
    """Optional: the leader's user name on the git host (for CODEOWNERS)."""


class Org(Strict):
    name: Title
    """The unit, shown in the site's title."""
    sections: Bounded(list[Section], max_length=MAX_SECTIONS)
    organisers: Bounded(list[Account], max_length=MAX_ORGANISERS) = []
    """Optional: git-host user names of the organisers, who may change and approve any file."""
    maintainers: Bounded(list[Account], max_length=MAX_ORGANISERS) = []
    """Optional: git-host user names of the portal's maintainers, who may change files outside scorecards/."""


# -- people/<id>.yaml ---------------------------------------------------------------


def goal_from_text(value: Any) -> Any:
    value = text_from_scalar(value)
    return {"text": value} if isinstance(value, str) else value


class Goal(TypedDict):
    """A goal: plain dicts, not models, for the items people write many of (half the memory)."""

    __pydantic_config__ = ConfigDict(extra="forbid", allow_inf_nan=False)  # type: ignore[misc]
    id: NotRequired[Id | None]
    """Optional (v1.2): a short id that check-ins name the goal by, unique in the file."""
    text: ItemText
    target: NotRequired[GoalNumber | None]
    """Optional measurable target."""
    actual: NotRequired[GoalNumber | None]
    """Optional: what was achieved."""
    unit: NotRequired[OneLine(Text, MAX_UNIT) | None]
    """Optional unit of target and actual, e.g. 篇."""


class Commitment(TypedDict):
    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]
    text: ItemText
    result: NotRequired[Literal["kept", "partly", "missed"] | None]
    """Self-reported result: kept (已兑现), partly (部分兑现), missed (未兑现)."""
    evidence: NotRequired[ItemText | None]
    """Optional evidence of the result."""


def text_or_object_schema(properties: dict[str, dict], required: str) -> WithJsonSchema:
    """Items written either as plain text or as a mapping (FORMAT.md's goals and commitments); the optional
    keys may be left blank."""
    blank_allowed = {name: {**schema, "type": [schema["type"], "null"]} if name != required else schema
                     for name, schema in properties.items()}
    return WithJsonSchema({"anyOf": [
        {"type": "string", "maxLength": MAX_ITEM},
        {"type": "object", "properties": blank_allowed, "required": [required], "additionalProperties": False},
    ]})


ITEM_TEXT_SCHEMA = {"type": "string", "maxLength": MAX_ITEM}
GOAL_NUMBER_SCHEMA = {"type": "number", "minimum": 0, "maximum": GOAL_NUMBER[1]}
GoalItem = Annotated[Goal, BeforeValidator(goal_from_text), text_or_object_schema(
    {"id": {"type": "string", "pattern": SAFE_ID.pattern}, "text": ITEM_TEXT_SCHEMA, "target": GOAL_NUMBER_SCHEMA,
     "actual": GOAL_NUMBER_SCHEMA, "unit": {"type": "string", "maxLength": MAX_UNIT, "pattern": ONE_LINE_PATTERN}}, "text")]
CommitmentItem = Annotated[Commitment, BeforeValidator(goal_from_text), text_or_object_schema(
    {"text": ITEM_TEXT_SCHEMA, "result": {"type": "string", "enum": list(RESULTS)}, "evidence": ITEM_TEXT_SCHEMA}, "text")]


def ListOrBlank(item: Any) -> Any:  # noqa: N802 - reads as a type
    """A list that may be left blank (`standards:` with nothing after it is an empty list); editors are told so."""
    return Annotated[list[item], BeforeValidator(empty_if_none, json_schema_input_type=list[item] | None),
                     Field(max_length=MAX_ITEMS)]


class Show(Strict):
    standards: ListOrBlank(ItemText) = []
    """亮标准: work standards."""
    goals: ListOrBlank(GoalItem) = []
    """亮目标: goals, as text or {text, target, actual, unit}."""
    commitments: ListOrBlank(CommitmentItem) = []
    """亮承诺: commitments, as text or {text, result, evidence}."""


class CompareEvidence(Strict):
    learning: ListOrBlank(ItemText) = []
    work: ListOrBlank(ItemText) = []
    contribution: ListOrBlank(ItemText) = []


class Ratings(Strict):
    learning: Rating
    work: Rating
    contribution: Rating
    fulfilment: Rating


class SelfAssessment(Strict):
    scores: Ratings
    summary: LongText | None = None


CHECKIN_STATUSES = ("on_track", "behind", "at_risk", "done")


class Checkin(Strict):
    """One check-in through the year (contract v1.2): progress on measurable goals, a status for the others."""

    date: PeriodDate
    """The day of the check-in, within the cycle's period, after the one before."""
    progress: Annotated[dict[Id, GoalNumber], BeforeValidator(empty_mapping_if_none), Field(max_length=MAX_ITEMS)] = {}
    """What is done so far of each measurable goal (one with a target), by goal id."""
    status: Annotated[dict[Id, Literal["on_track", "behind", "at_risk", "done"]], BeforeValidator(empty_mapping_if_none),
                      Field(max_length=MAX_ITEMS)] = {}
    """How each goal without a target stands: on_track | behind | at_risk | done, by goal id."""
    note: ItemText | None = None
    """Optional: a word on the period's progress."""


class Person(Strict):
    id: Id
    """Must equal the file name; stable across cycles."""
    name: Name
    section: Id
    """An id from org.yaml."""
    post: Name
    account: Account | None = None
    """Optional: the person's user name on the git host (for CODEOWNERS)."""
    show: Show
    compare: CompareEvidence | None = None
    self_assessment: SelfAssessment | None = Field(None, alias="self")
    checkins: Annotated[list[Checkin], BeforeValidator(empty_if_none), Field(max_length=MAX_CHECKINS)] = []
    """Optional (v1.2): check-ins through the year, oldest first (public, as the goals are)."""


# -- democratic/<section>.yaml -------------------------------------------------------


Tally = Annotated[dict[Level, Annotated[int, Field(ge=0, le=MAX_TALLY)]], Field(json_schema_extra={SCHEMA_MARK: "tally"})]


class TallyCounts(Strict):
    learning: Tally
    work: Tally
    contribution: Tally
    fulfilment: Tally


class BallotRatings(TypedDict):
    """One ballot's four ratings of one person: a plain dict, since a cycle holds hundreds of
    thousands of them (a model instance costs twice the memory)."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]
    learning: Rating
    work: Rating
    contribution: Rating
    fulfilment: Rating


BallotNumber = Annotated[int, Field(ge=0, le=MAX_BALLOTS)]


class Democratic(Strict):
    section: Id
    issued: BallotNumber | None = None
    """Optional (v1.1): ballots handed out (发出票数)."""
    returned: BallotNumber | None = None
    """Optional (v1.1): ballots that came back (收回票数); with a ballots list, the number listed."""
    void: BallotNumber | None = None
    """Optional (v1.1): ballots voided at the count (废票); tallies count the valid ballots only."""
    ballots: list[dict[Id, BallotRatings]] | None = None
    """Anonymous ballots: each maps a person's id to their four ratings."""
    tallies: dict[Id, TallyCounts] | None = None
    """Counts from paper ballots: person -> dimension -> level -> ballots."""


# -- organizational/<section>.yaml ---------------------------------------------------


class SectionReview(Strict):
    score: Rating
    comment: LongText | None = None


class PersonReview(Ratings):
    comment: LongText | None = None


class Organizational(Strict):
    section: Id
    reviewer: Name
    section_review: SectionReview | None = None
    people: Annotated[dict[Id, PersonReview], BeforeValidator(empty_mapping_if_none,
                                                              json_schema_input_type=dict[Id, PersonReview] | None)] = {}


# -- objections/<n>.yaml -------------------------------------------------------------


class Objection(Strict):
    received: PeriodDate
    """The day the objection came in."""
    about: Id | None = None
    """A person id, a section id, or absent (the whole cycle)."""
    summary: LongText
    """What the objection says (shown to organisers only)."""
    status: Literal["open", "upheld", "dismissed"]
    """open while it is looked into; upheld or dismissed once decided."""
    resolution: LongText | None = None
    """How it was decided: required unless open (shown to organisers only)."""


# -- scorecards/recipients.yaml (contract v1.2: restricted files at rest) ---------------------


def checked_public_key(value: Any) -> str:
    if not isinstance(value, str) or not is_public_key(value.strip()):
        raise PydanticCustomError("recipients.bad_key", "not an age public key", {"value": str(value)[:80]})
    return value.strip()


PublicKey = Annotated[str, PlainValidator(checked_public_key), WithJsonSchema({"type": "string", "pattern": "^age1[0-9a-z]+$"})]


class Recipients(Strict):
    build: PublicKey | None = None
    """The public key of the protected branch's build; its private key lives only in the CI's protected environment."""
    accounts: Bounded(dict[Account, PublicKey], max_length=MAX_SECTIONS) = {}
    """Organisers' and leaders' accounts, each with the public key that opens the restricted files they read."""


# -- appeals/<n>.yaml (contract v1.2) ---------------------------------------------------


class Appeal(Strict):
    received: PeriodDate
    """The day the request came in."""
    about: Id
    """The person id the request is about."""
    kind: Literal["review", "appeal"]
    """review (复核, asked of the unit) or appeal (申诉, to the body above, after the review's decision)."""
    status: Literal["open", "upheld", "dismissed"]
    """open while it is looked into; upheld or dismissed once decided."""
    decision: LongText | None = None
    """The decision: required unless open (shown to the organisers)."""
    decided: PeriodDate | None = None
    """Optional: the day of the decision; the appeal window (申诉) runs from a review's."""
    grade: Name | None = None
    """Only with upheld: the grade of the cycle that replaces the computed one (scores are not changed)."""


FILE_KINDS: dict[str, type[Strict]] = {
    "recipients": Recipients,
    "cycle": CycleSettings,
    "org": Org,
    "person": Person,
    "democratic": Democratic,
    "organizational": Organizational,
    "objection": Objection,
    "appeal": Appeal,
}


# -- the portal in memory ------------------------------------------------------------


@dataclass(frozen=True)
class Cycle:
    """One review cycle: its settings, org and every scorecard, keyed by id."""

    id: str
    settings: CycleSettings
    org: Org
    people: dict[str, Person]
    democratic: dict[str, Democratic]
    organizational: dict[str, Organizational]
    objections: dict[str, Objection] = field(default_factory=dict)
    """By file name (without .yaml), in file-name order."""
    appeals: dict[str, Appeal] = field(default_factory=dict)
    """Reviews and appeals (contract v1.2), by file name (without .yaml), in file-name order."""
    unopened: tuple[str, ...] = ()
    """Sealed restricted files that no key of this process opens (paths from the portal root): left out."""

    def section_ids(self) -> list[str]:
        return [section.id for section in self.org.sections]


@dataclass(frozen=True)
class Portal:
    """Every cycle of a portal, oldest first (by period start, then id)."""

    root: Path
    cycles: dict[str, Cycle]

    def latest(self) -> Cycle:
        return list(self.cycles.values())[-1]
