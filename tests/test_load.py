"""Reading files: encodings, YAML syntax people get wrong, and hostile input."""

from __future__ import annotations

import time
import tracemalloc

from generator.catalog import translate
from generator.pipeline.validate import validate_portal

PERSON = "id: zhangsan\nname: 张三\nsection: mishu\npost: 科员\nshow:\n  standards: [公文零差错]\n"


def problems_in(builder, name="people/zhangsan.yaml"):
    report = validate_portal(builder.root)
    return [p for p in report.problems if p.path.endswith(name)]


def test_a_utf8_bom_is_accepted(minimal):
    minimal.raw("people/zhangsan.yaml", "\ufeff".encode() + PERSON.encode())
    assert problems_in(minimal) == []


def test_gbk_file_is_named_with_how_to_resave(minimal):
    minimal.raw("people/zhangsan.yaml", PERSON.encode("gbk"))
    [problem] = problems_in(minimal)
    assert problem.key == "file.not_utf8_gbk"
    assert problem.line == 2  # the first non-ASCII byte: 张三
    assert "GBK" in problem.message("zh") and "UTF-8" in problem.message("zh")


def test_utf16_from_notepad_is_named_as_such(minimal):
    minimal.raw("people/zhangsan.yaml", PERSON.encode("utf-16"))
    [problem] = problems_in(minimal)
    assert problem.key == "file.utf16" and "UTF-8" in problem.message("zh")


def test_bytes_in_no_known_encoding_are_reported_with_their_line(minimal):
    minimal.raw("people/zhangsan.yaml", PERSON.encode() + b"summary: \xff\xfe\xff\n")
    [problem] = problems_in(minimal)
    assert problem.key == "file.not_utf8" and problem.line == 7


def test_tab_indentation_points_at_the_line(minimal):
    minimal.raw("people/zhangsan.yaml", PERSON + "compare:\n\tlearning: [读书]\n")
    [problem] = problems_in(minimal)
    assert (problem.key, problem.line, problem.column) == ("yaml.tab", 8, 1)
    assert "Tab" in problem.message("zh")


def test_fullwidth_colon_after_a_key_gets_the_ascii_hint(minimal):
    minimal.raw("people/zhangsan.yaml", PERSON.replace("post: 科员", "post：科员"))
    [problem] = problems_in(minimal)
    assert (problem.key, problem.line, problem.args["key"]) == ("yaml.fullwidth_colon", 4, "post")
    assert "post: " in problem.message("zh")


def test_fullwidth_colon_inside_braces_is_found_too(minimal):
    minimal.raw("people/zhangsan.yaml", PERSON + "self:\n  scores: {learning：好, work: 好, contribution: 好, fulfilment: 好}\n")
    [problem] = problems_in(minimal)
    assert problem.key == "yaml.fullwidth_colon" and problem.line == 8


def test_fullwidth_dash_as_list_marker(minimal):
    minimal.raw("people/zhangsan.yaml", PERSON.replace("  standards: [公文零差错]", "  standards:\n    － 公文零差错\n    - 即办"))
    [problem] = problems_in(minimal)
    assert (problem.key, problem.line) == ("yaml.fullwidth_dash", 7)


def test_fullwidth_comma_between_flow_items(minimal):
    minimal.raw("people/zhangsan.yaml", PERSON + "self:\n  scores: {learning: 好， work: 好, contribution: 好, fulfilment: 好}\n")
    [problem] = problems_in(minimal)
    assert (problem.key, problem.line) == ("yaml.fullwidth_comma", 8)


def test_other_syntax_errors_carry_line_and_a_plain_hint(minimal):
    minimal.raw("people/zhangsan.yaml", PERSON + "compare:\n  learning: [读书\n")
    [problem] = problems_in(minimal)
    assert problem.key.startswith("yaml.syntax") and problem.line is not None
    assert "YAML" in problem.message("zh")


def test_duplicate_keys_are_errors_not_silently_lost(minimal):
    minimal.raw("people/zhangsan.yaml", PERSON + "post: 副处长\n")
    [problem] = problems_in(minimal)
    assert (problem.key, problem.line, problem.args["first_line"]) == ("yaml.duplicate_key", 7, 4)


def test_duplicate_keys_do_not_hide_other_problems(minimal):
    minimal.raw("people/zhangsan.yaml", PERSON + "post: 副处长\nsection: nosuch\n")
    keys = sorted(p.key for p in problems_in(minimal))
    assert keys == ["section.unknown", "yaml.duplicate_key", "yaml.duplicate_key"]


def test_alias_bomb_is_refused_quickly_with_bounded_memory(minimal):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    minimal.raw("people/zhangsan.yaml", "\n".join(lines) + "\n")
    tracemalloc.start()
    started = time.perf_counter()
    [problem] = problems_in(minimal)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert problem.key == "yaml.alias"
    assert elapsed < 5 and peak < 50 * 1024 * 1024  # a bound on runaway expansion, not a speed target


def test_merge_keys_are_refused_like_aliases(minimal):
    minimal.raw("people/zhangsan.yaml", "base: &b {post: 科员}\nperson:\n  <<: *b\n")
    assert [p.key for p in problems_in(minimal)] == ["yaml.alias"]


def test_huge_file_is_refused_without_reading_it(minimal):
    minimal.raw("people/zhangsan.yaml", "x" * (5 * 1024 * 1024))
    [problem] = problems_in(minimal)
    assert problem.key == "file.too_large"


def test_deep_nesting_is_refused_instead_of_crashing(minimal):
    minimal.raw("people/zhangsan.yaml", "[" * 50000 + "]" * 50000)
    [problem] = problems_in(minimal)
    assert problem.key == "file.too_deep"
    assert "nesting" not in problem.message("zh")  # libyaml's own English words never reach the author


def test_libyaml_depth_limit_gets_the_portal_message():
    """PyYAML 6.0.4's libyaml stops at 1000 levels before any event: its error is mapped, not shown."""
    import yaml

    from generator.pipeline.load import is_libyaml_depth_limit

    try:
        yaml.CSafeLoader("[" * 1500).get_single_node()
    except yaml.MarkedYAMLError as error:
        if "maximum nesting depth" in (error.problem or ""):
            assert is_libyaml_depth_limit(error)
    assert not is_libyaml_depth_limit(yaml.MarkedYAMLError(problem="found unexpected end of stream"))


def test_short_deep_files_are_refused_too(minimal):
    """Depth 999 in under 2,000 characters: too deep for the portal, and no RecursionError."""
    for text in ("[" * 999 + "]" * 999, "- " * 999 + "x\n", "{a: " * 300 + "1" + "}" * 300):
        minimal.raw("people/zhangsan.yaml", text)
        [problem] = problems_in(minimal)
        assert (problem.key, problem.line) == ("file.too_deep", 1)
        assert problem.args["limit"] == 64


def test_a_4mib_line_of_brackets_is_checked_in_one_pass(minimal):
    """The full-width punctuation scan is linear: this would take hours with a backtracking pattern."""
    from generator.pipeline.load import punctuation_problems

    line = "[ ，" * (4 * 1024 * 1024 // 7)
    assert punctuation_problems(line, "x") == []
    minimal.raw("people/zhangsan.yaml", "[" * (4 * 1024 * 1024 - 16))
    assert [p.key for p in problems_in(minimal)] == ["file.too_deep"]


def test_fullwidth_comma_is_found_only_inside_a_flow_collection():
    from generator.pipeline import load

    assert load.flow_fullwidth_comma("scores: {learning: 好， work: 好}") == 21
    assert load.flow_fullwidth_comma("[a] 好， work: 好") is None


def test_python_tags_are_never_constructed(minimal):
    minimal.raw("people/zhangsan.yaml", PERSON + "post: !!python/object/apply:os.system ['echo pwned']\n")
    keys = {p.key for p in problems_in(minimal)}
    assert "yaml.tag" in keys


def test_empty_file_says_so(minimal):
    minimal.raw("people/zhangsan.yaml", "\n# nothing yet\n")
    assert [p.key for p in problems_in(minimal)] == ["file.empty"]


def test_two_documents_in_one_file(minimal):
    minimal.raw("people/zhangsan.yaml", PERSON + "---\n" + PERSON)
    assert [p.key for p in problems_in(minimal)] == ["yaml.multiple_documents"]


def test_every_message_formats_in_both_languages():
    import string

    from generator.catalog import MESSAGES, PLURAL

    for key, (zh, en) in MESSAGES.items():
        for template in (zh, en):
            template = PLURAL.sub(lambda m: "{" + m.group(1) + "}", template)  # {count|person|people}: a form of {count}
            names = {field for _, field, _, _ in string.Formatter().parse(template) if field}
            assert all(name.isidentifier() for name in names), (key, names)
            if not key.startswith("punct."):  # a gap may be nothing in one language (punct.unit_gap: 87条 / 87 条)
                assert translate(key, "zh", **dict.fromkeys(names, "x")) if names else translate(key, "zh")


def test_many_faults_in_one_file_are_located_in_linear_time_and_capped(minimal, run):
    """20,000 unknown keys: each is located through an index, not a scan (that took minutes); 100 are listed."""
    from generator.pipeline import locate

    minimal.raw("people/zhangsan.yaml", PERSON + "".join(f"k{i}: 1\n" for i in range(20000)))
    locate.KEY_INDEX.clear()
    problems = problems_in(minimal)
    assert len(problems) == locate.MAX_PROBLEMS_PER_FILE + 1
    located = [p for p in problems if p.key == "value.unknown_key"]
    assert len(located) == 100 and located[0].line == 7
    more = next(p for p in problems if p.key == "file.more_problems")
    assert more.args == {"shown": 100, "more": 19900}
    code, out, _ = run("validate", "--root", str(minimal.root))
    assert code == 1 and out.count("zhangsan.yaml") == 101 and "19900" in out


def test_a_mapping_is_indexed_once_for_all_its_lookups():
    import yaml

    from generator.pipeline.locate import KEY_INDEX, find_pair

    node = yaml.compose("a: 1\nb: 2\n3: x\n", Loader=yaml.CSafeLoader)
    KEY_INDEX.clear()
    assert find_pair(node, "b")[1].value == "2" and find_pair(node, 3)[1].value == "x" and find_pair(node, "c") is None
    assert find_pair(node, ["unhashable"]) is None
    assert len(KEY_INDEX) == 1


def test_output_is_capped_per_file_but_the_summary_counts_every_problem():
    from generator.problems import Problem, capped_per_file

    problems = [Problem("a.yaml", i, 1, "value.missing", {"field": "x"}) for i in range(1, 151)] + [Problem("b.yaml", 1, 1, "file.empty")]
    kept = capped_per_file(problems)
    assert len(kept) == 102 and kept[100].key == "file.more_problems" and kept[100].args["more"] == 50
    assert kept[-1].path == "b.yaml"
