"""The one catalog of words a user reads: messages and site text, Chinese with English beside it.

Keys are stable identifiers (they are also the `code` of a problem in JSON
output).  `translate(key, lang, **args)` formats the message; Chinese is the
default, `PORTAL_LANG=en` or `--lang en` switches to English.
"""

from __future__ import annotations

import os
import re
from typing import Any

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

MESSAGES: dict[str, tuple[str, str]] = {
    # -- severities and summaries -------------------------------------------------
    "severity.error": ("错误", "error"),
    "severity.warning": ("提示", "warning"),
    # {files}: the files reported on (all of them, a cycle's, or the one file named to portal validate)
    "summary.warnings_only": (
        "共检查 {files} 个文件，没有错误，有 {warnings} 个提示：可以提交；上面的提示请看一看，需要时再修改。",
        "Checked {files} file(s): no errors, {warnings} warning(s). You may submit; read the warnings above and act where needed.",
    ),
    "summary.clean": ("检查通过：{files} 个文件，未发现问题。", "All good: checked {files} file(s), no problems."),
    "summary.problems": (
        "共检查 {files} 个文件，发现 {errors} 个错误、{warnings} 个提示。请按上面的说明逐条修改后再提交。",
        "Checked {files} file(s): {errors} error(s), {warnings} warning(s). Fix each one as described above, then submit again.",
    ),
    # -- reading files ---------------------------------------------------------------
    "file.not_utf8_gbk": (
        "文件不是 UTF-8 编码，看起来是 GBK（Windows 记事本/WPS 的默认编码）。请用“另存为”，把编码选为“UTF-8”后保存。",
        "The file is not UTF-8; it looks like GBK (the default of Windows Notepad/WPS). Use 'Save as' and choose the encoding 'UTF-8'.",
    ),
    "file.utf16": (
        "文件保存成了 UTF-16（记事本中的“Unicode”）。请用“另存为”，把编码选为“UTF-8”后保存。",
        "The file is saved as UTF-16 (Notepad's 'Unicode'). Use 'Save as' and choose the encoding 'UTF-8'.",
    ),
    "file.not_utf8": (
        "文件不是 UTF-8 编码（第 {line} 行有无法识别的字节）。请在编辑器中把文件另存为“UTF-8”编码。",
        "The file is not UTF-8 (undecodable bytes on line {line}). Save it again with the encoding 'UTF-8'.",
    ),
    "file.too_large": (
        "文件太大（{size} 字节，上限 {limit} 字节），已拒绝读取。评分卡通常只有几 KB，请检查是否放错了文件。",
        "The file is too large ({size} bytes, the limit is {limit}); it was not read. A scorecard is a few KB: check that this is the right file.",
    ),
    "file.unreadable": ("无法读取文件：{reason}", "The file cannot be read: {reason}"),
    "file.empty": ("文件是空的。请按模板填写内容。", "The file is empty. Fill it in from the template."),
    "file.too_deep": (
        "文件的嵌套层级太深（超过 {limit} 层），已拒绝读取。评分卡只需要几层缩进。",
        "The file nests deeper than {limit} levels and was refused. A scorecard needs only a few levels.",
    ),
    "file.too_many_nodes": (
        "文件中的条目太多（超过 {limit} 个），已拒绝读取。",
        "The file has more than {limit} entries and was refused.",
    ),
    "yaml.tab": (
        "这一行用 Tab 键缩进了。YAML 只能用空格缩进：请把行首的 Tab 换成空格（每级两个空格）。",
        "This line is indented with a tab. YAML allows only spaces: replace the tab at the start of the line with spaces (two per level).",
    ),
    "yaml.fullwidth_colon": (
        "字段名“{key}”后面用了中文冒号“：”。请改成英文冒号加空格“: ”，例如 `{key}: …`。",
        "The key '{key}' is followed by a full-width colon '：'. Use an ASCII colon and a space: `{key}: …`.",
    ),
    "yaml.fullwidth_dash": (
        "列表项前用了中文破折号/全角减号“{char}”。请改成英文减号加空格“- ”。",
        "A list item starts with the full-width dash '{char}'. Use an ASCII hyphen and a space: '- '.",
    ),
    "yaml.fullwidth_comma": (
        "花括号/方括号里用了中文逗号“，”分隔。请改成英文逗号“,”。",
        "Items inside braces/brackets are separated by a full-width comma '，'. Use an ASCII comma ','.",
    ),
    "yaml.syntax": (
        "YAML 格式错误：{problem}。请检查这一行及上一行的缩进、冒号（: 后要有空格）和引号是否成对。",
        "YAML syntax error: {problem}. Check the indentation, colons (a space after ':') and paired quotes on this line and the one before.",
    ),
    "yaml.syntax.mapping_here": (
        "YAML 格式错误：这里不能出现“字段: 值”。常见原因：缩进不对齐，或文字里含有“: ”（英文冒号加空格）需要用引号括起来。（{problem}）",
        "YAML syntax error: a 'key: value' is not allowed here. Usually the indentation is off, or text containing ': ' needs quotes. ({problem})",
    ),
    "yaml.syntax.expected_colon": (
        "YAML 格式错误：找不到冒号。常见原因：上一行或这一行的字段名后少了“: ”，或缩进不对齐。（{problem}）",
        "YAML syntax error: a colon is missing. Usually a key on this or the previous line lacks ': ', or the indentation is off. ({problem})",
    ),
    "yaml.syntax.bad_start": (
        "YAML 格式错误：这里有不能作为开头的字符（如 Tab、@、`、%）。请去掉它，或把整段文字用引号括起来。（{problem}）",
        "YAML syntax error: a character that cannot start a value (a tab, @, `, %). Remove it or put the text in quotes. ({problem})",
    ),
    "yaml.syntax.expected_key": (
        "YAML 格式错误：缩进不对齐。同一层级的字段要用相同数量的空格缩进。（{problem}）",
        "YAML syntax error: the indentation is off. Keys of one level need the same number of spaces. ({problem})",
    ),
    "yaml.syntax.unclosed_quote": (
        "YAML 格式错误：文件意外结束，通常是引号没有成对（少了结尾的 ' 或 \"）。（{problem}）",
        "YAML syntax error: the file ends unexpectedly, usually an unclosed quote (' or \"). ({problem})",
    ),
    "yaml.syntax.unclosed_bracket": (
        "YAML 格式错误：方括号 [ ] 没有闭合，或其中的项目没有用英文逗号分隔。（{problem}）",
        "YAML syntax error: a bracket [ ] is not closed, or its items are not separated by ASCII commas. ({problem})",
    ),
    "yaml.syntax.unclosed_brace": (
        "YAML 格式错误：花括号 {{ }} 没有闭合，或其中的项目没有用英文逗号分隔。（{problem}）",
        "YAML syntax error: a brace {{ }} is not closed, or its items are not separated by ASCII commas. ({problem})",
    ),
    "yaml.syntax.expected_dash": (
        "YAML 格式错误：列表的每一项都应以“- ”开头，且缩进相同。（{problem}）",
        "YAML syntax error: every list item starts with '- ' at the same indentation. ({problem})",
    ),
    "yaml.duplicate_key": (
        "字段“{key}”重复出现（第一次在第 {first_line} 行）。同一层级的字段名只能出现一次，否则前面的内容会被覆盖：请合并或删除一处。",
        "The key '{key}' appears twice (first on line {first_line}). A key may appear once per level, or the earlier value is lost: merge or delete one.",
    ),
    "yaml.alias": (
        "不支持 YAML 的锚点/别名（& 和 *）。请把内容直接写出来。",
        "YAML anchors and aliases (& and *) are not supported. Write the content out in full.",
    ),
    "yaml.tag": (
        "不支持 YAML 标签“{tag}”。请去掉以 ! 开头的标记。",
        "The YAML tag '{tag}' is not supported. Remove the marker starting with '!'.",
    ),
    "yaml.multiple_documents": (
        "文件里有多个 YAML 文档（用 --- 分隔）。每个文件只能有一份评分卡。",
        "The file holds several YAML documents (separated by ---). One file holds one scorecard.",
    ),
    "yaml.complex_key": (
        "字段名必须是简单的文字，不能是列表或映射。",
        "A key must be plain text, not a list or a mapping.",
    ),
    # -- shape of values -------------------------------------------------------------
    "field.whole_file": ("整个文件", "the whole file"),
    "value.missing": (
        "缺少必填字段“{field}”。请添加一行 `{field}: …`。",
        "The required field '{field}' is missing. Add a line `{field}: …`.",
    ),
    "value.unknown_key": (
        "未知字段“{field}”。{hint}",
        "Unknown field '{field}'. {hint}",
    ),
    "hint.did_you_mean": ("您是不是想写“{suggestion}”？", "Did you mean '{suggestion}'?"),
    "hint.allowed_keys": ("这里可以用的字段有：{allowed}。", "The fields allowed here are: {allowed}."),
    "hint.no_keys_here": ("这里不能再写字段：请删去这一行，或检查它的缩进。", "No field belongs here: remove the line, or check its indentation."),
    "value.number_as_text": (
        "“{raw}”被 YAML 读成了数字 {value}，但这里需要文字。请加上引号：'{raw}'。",
        "'{raw}' was read by YAML as the number {value}, but text is needed here. Put it in quotes: '{raw}'.",
    ),
    "value.empty": (
        "“{field}”没有填写内容。请在冒号后填写。",
        "'{field}' is empty. Write its value after the colon.",
    ),
    "value.not_text": ("“{field}”应当是一段文字。", "'{field}' should be text."),
    "value.not_list": (
        "“{field}”应当是一个列表：每一项单独一行，以“- ”开头。",
        "'{field}' should be a list: one item per line, each starting with '- '.",
    ),
    "value.not_mapping": (
        "“{field}”应当是“字段: 值”的形式（映射），而不是一段文字或列表。",
        "'{field}' should be a mapping of 'key: value' lines, not text or a list.",
    ),
    "value.not_number": ("“{field}”应当是一个数字，现在是“{value}”。", "'{field}' should be a number, not '{value}'."),
    "value.not_integer": ("“{field}”应当是一个整数，现在是“{value}”。", "'{field}' should be a whole number, not '{value}'."),
    "value.not_date": (
        "“{field}”应当是日期，格式为 2026-01-01，现在是“{value}”。",
        "'{field}' should be a date like 2026-01-01, not '{value}'.",
    ),
    "value.choice": (
        "“{field}”只能是 {choices} 之一，现在是“{value}”。",
        "'{field}' must be one of {choices}, not '{value}'.",
    ),
    "value.range": (
        "“{field}”应当在 {low} 到 {high} 之间，现在是 {value}。",
        "'{field}' should be between {low} and {high}, not {value}.",
    ),
    "value.too_small": ("“{field}”不能小于 {limit}，现在是 {value}。", "'{field}' must be at least {limit}, not {value}."),
    "value.too_large": ("“{field}”不能大于 {limit}，现在是 {value}。", "'{field}' must be at most {limit}, not {value}."),
    "value.invalid": ("“{field}”的值“{value}”不正确：{reason}", "'{field}' has the invalid value '{value}': {reason}"),
    "rating.invalid": (
        "评价“{value}”无效。请填写等次（{levels}）之一，或 0 到 100 之间的分数。",
        "The rating '{value}' is not valid. Write one of the levels ({levels}) or a score from 0 to 100.",
    ),
    "rating.level_unknown": (
        "“{value}”不是本年度设定的等次。请使用 {levels} 之一。",
        "'{value}' is not a level of this cycle's scale. Use one of {levels}.",
    ),
    "id.unsafe": (
        "编号“{value}”无效：编号只能用英文字母、数字、下划线“_”和减号“-”（不能用汉字、点、空格或外文字母）。",
        "The id '{value}' is not valid: ids use ASCII letters, digits, '_' and '-' only (no Chinese, dots, spaces or other alphabets).",
    ),
    "id.reserved": (
        "“{value}”是网站保留的名称，不能用作处室编号。请换一个编号。",
        "'{value}' is a name the site reserves; it cannot be a section id. Choose another id.",
    ),
    # -- one-line text and level names (issue 19) ------------------------------------------
    "text.control_char": (
        "“{field}”的第 {position} 个字符是{what}（{char}）。姓名、职务、处室名称、标题、等次名称等只能写在一行里，"
        "不能含换行、制表符等控制字符（它们会让表格和下载的 CSV 错行）。请删去这个字符，常见于从别处复制粘贴的文字。",
        "Character {position} of '{field}' is {what} ({char}). Names, posts, section names, titles and level names stand on "
        "one line and may not hold line breaks, tabs or other control characters (they break tables and the CSV downloads). "
        "Delete it; it usually comes with text pasted from elsewhere.",
    ),
    "char.tab": ("制表符 Tab", "a tab"),
    "char.lf": ("换行符", "a line feed"),
    "char.cr": ("回车符", "a carriage return"),
    "char.nel": ("换行符 NEL", "a next-line character (NEL)"),
    "char.line_separator": ("行分隔符", "a line separator"),
    "char.paragraph_separator": ("段分隔符", "a paragraph separator"),
    "char.control": ("控制字符", "a control character"),
    "level.blank_edges": (
        "等次名称“{value}”的开头或结尾有空白（或整个是空白）。等次名称是计票单的表头，导入时表头两端的空白会被去掉，"
        "这一列就对不上了：请删去两端的空白。",
        "The level name '{value}' has blanks at its start or end (or is blank). Level names head the tally sheet's columns "
        "and import strips the blanks around a header, so the column would not match: remove them.",
    ),
    "account.invalid": (
        "账号“{value}”不是有效的用户名：只能用英文字母、数字、点、下划线和减号（可带开头的 @）。",
        "The account '{value}' is not a valid user name: letters, digits, '.', '_' and '-' (a leading @ is fine).",
    ),
    # -- cycle settings --------------------------------------------------------------
    "cycle.missing_file": (
        "缺少年度设置文件 {file}。每个年度文件夹都需要 cycle.yaml 和 org.yaml。",
        "The cycle settings file {file} is missing. Every cycle folder needs cycle.yaml and org.yaml.",
    ),
    "cycle.no_people": (
        "这个年度还没有任何人员的评分卡（people/ 文件夹为空）。至少需要一人。",
        "This cycle has no scorecards yet (people/ is empty). At least one person is needed.",
    ),
    "cycle.no_cycles": (
        "在 {root} 下没有找到任何年度文件夹。请在 scorecards/ 下为每个年度建一个文件夹（如 scorecards/2026/）。",
        "No cycle folders were found under {root}. Make one folder per cycle under scorecards/ (e.g. scorecards/2026/).",
    ),
    "cycle.bad_name": (
        "年度文件夹名“{name}”不能用作网站版本号：只能用英文字母、数字、点、下划线和减号（如 2026、2026-H1），且不能是网站保留的名称（latest、assets、search、schemas、versions.json、index.html 等）。",
        "The cycle folder name '{name}' cannot be a site version: use ASCII letters, digits, '.', '_' and '-' (like 2026 or 2026-H1), and not a name the site reserves (latest, assets, search, schemas, versions.json, index.html…).",
    ),
    "file.symlink": (
        "这是符号链接。评议门户不读取符号链接（它可能指向仓库以外的文件或文件夹）。请删除链接，放入文件本身。",
        "This is a symbolic link. The portal never reads links (they may point outside the repository). Remove the link and put the file itself here.",
    ),
    "cycle.weights_sum": (
        "“{field}”的各项之和应为 1，现在是 {total}。请调整权重。",
        "The values of '{field}' should sum to 1; they sum to {total}. Adjust the weights.",
    ),
    "cycle.weights_sum_inexact": (
        "“{field}”的各项之和是 {total}，不恰好等于 1（例如三等分写成小数）。评分按所写数值精确计算；"
        "若要恰好为 1，可把“{last}”改为 {exact}。",
        "The values of '{field}' sum to {total}, not exactly 1 (thirds written as decimals, say). Scores use them "
        "exactly as written; to make the sum exactly 1, write {exact} for '{last}'.",
    ),
    "cycle.scale_order": (
        "等次 scale 要从好到差排列（分数从高到低），“{level}”（{points} 分）排在了分数更低的等次后面。",
        "The scale lists levels best first (points descending); '{level}' ({points}) comes after a lower level.",
    ),
    "cycle.scale_empty": ("scale 至少要有一个等次。", "The scale needs at least one level."),
    "cycle.grades_order": (
        "等次线 grades 要从高到低排列：“{name}”的分数线 {min} 不低于前一档。",
        "Grade bands go from best to worst: the minimum {min} of '{name}' is not below the band before it.",
    ),
    "cycle.grades_last_zero": (
        "最后一个等次“{name}”的分数线应为 0（现在是 {min}），这样每个人都能落在某一档。",
        "The last grade '{name}' should have min 0 (not {min}) so that every score falls in a band.",
    ),
    "cycle.grades_duplicate": ("等次名称“{name}”重复了。", "The grade name '{name}' appears twice."),
    "cycle.grades_too_few": ("grades 至少要有两档（第一档受名额限制，超出的降为第二档）。", "grades needs at least two bands (the first is under quota; the overflow gets the second)."),
    "cycle.veto_level": (
        "否决等次 veto.level“{value}”不在 scale 中。请使用 {levels} 之一。",
        "The veto level '{value}' is not in the scale. Use one of {levels}.",
    ),
    "cycle.veto_cap": (
        "否决后的最高等次 veto.cap“{value}”不在 grades 中。请使用 {grades} 之一。",
        "The veto cap '{value}' is not a grade. Use one of {grades}.",
    ),
    "cycle.period_order": ("period 的结束日期早于开始日期。", "The period ends before it starts."),
    # -- check-ins through the year (contract v1.2, issue 21) -------------------------------
    "checkin.goal_id_duplicate": (
        "目标编号 id“{id}”重复了。同一人的每个目标须有不同的编号，检查记录靠它找到目标。",
        "The goal id '{id}' appears twice. Each goal of a person needs its own id: check-ins find the goal by it.",
    ),
    "checkin.goal_unknown": (
        "检查记录中的目标编号“{id}”在 show.goals 中没有。请使用 {ids} 之一，或先在 show.goals 中给该目标加上 id: {id}。",
        "The check-in names the goal '{id}', which is not in show.goals. Use one of {ids}, or first give that goal id: {id} in show.goals.",
    ),
    "checkin.progress_without_target": (
        "目标“{id}”没有 target（量化指标），不能在 progress 中填写完成数。请改在 status 中写 on_track、behind、at_risk 或 done，"
        "或给该目标加上 target。",
        "The goal '{id}' has no target, so it takes no progress figure. Write its status instead (on_track, behind, at_risk or done), "
        "or give the goal a target.",
    ),
    "checkin.status_on_measurable": (
        "目标“{id}”有 target（量化指标），它的状态按完成数自动计算，不能在 status 中填写。请在 progress 中写至今的完成数。",
        "The goal '{id}' has a target: its status is computed from the progress and cannot be written. Give the progress so far instead.",
    ),
    "checkin.date_outside": (
        "检查日期 {date} 不在本年度期间（{start} 至 {end}）内。请核对日期。",
        "The check-in date {date} is outside the cycle's period ({start} to {end}). Check the date.",
    ),
    "checkin.date_order": (
        "检查日期 {date} 应晚于上一次检查（{previous}）。检查记录按时间先后排列，同一天只记一次。",
        "The check-in date {date} must come after the check-in before it ({previous}). Check-ins go oldest first, one a day.",
    ),
    "checkin.thresholds_order": (
        "checkins 中 behind（{behind}）不能大于 at_risk（{at_risk}）：先“进度落后”，再“有风险”。",
        "In checkins, behind ({behind}) may not exceed at_risk ({at_risk}): a goal is behind before it is at risk.",
    ),
    "new.checkin.key": ("季度/半年检查，按时间先后；用 portal new checkin 添加下一次", "check-ins, oldest first; add the next with portal new checkin"),
    "new.checkin.date": ("检查日期，须在本年度期间内", "the day of the check-in, within the cycle's period"),
    "new.checkin.after": ("，晚于上一次（{date}）", ", after the last one ({date})"),
    "new.checkin.progress": ("有量化指标的目标至今的完成数（按目标编号）：请改为实际数字", "measurable goals, done so far (by goal id): change to the real figures"),
    "new.checkin.goal_target": ("{text}：目标 {target}{unit}，上次 {last}", "{text}: target {target} {unit}, last time {last}"),
    "new.checkin.status": ("无量化指标的目标：on_track 正常推进 | behind 进度落后 | at_risk 有风险 | done 已完成",
                           "goals without a target: on_track | behind | at_risk | done"),
    "new.checkin.goal_plain": ("{text}：上次 {last}", "{text}: last time {last}"),
    "new.checkin.no_ids": ("show.goals 中的目标都没有编号：给目标加上 id（如 {{id: wengao, text: 起草重要文稿, target: 30}}）后才能记录进展",
                           "no goal in show.goals has an id: give goals an id (e.g. {{id: wengao, text: …, target: 30}}) to record progress"),
    "new.checkin.note": ("本期进展的简要说明（可选，去掉行首的 # 后填写）", "a word on the period's progress (optional: remove the # and write it)"),
    "new.checkin.no_file": ("找不到 {path}。请先用 portal new person 建好自己的评分卡。", "There is no {path}. Start your scorecard with portal new person first."),
    "new.checkin.invalid_file": (
        "{path} 现在有错误，未添加检查记录，文件未改动。请先运行 portal validate {path} 并按提示修改。",
        "{path} has errors; no check-in was added and the file is unchanged. Run portal validate {path} and fix what it reports first.",
    ),
    "new.checkin.unusual": (
        "{path} 中的 checkins 不是按行列出的列表（例如写成了 [] 或 null），无法自动追加，文件未改动。请把它改为按行列出（每次检查一行“- date: …”）或删去这一项后再试。",
        "checkins in {path} is not a block list (e.g. [] or null), so nothing can be appended; the file is unchanged. "
        "Write it as a block list (one '- date: …' per check-in) or remove it, then try again.",
    ),
    "new.checkin.done": (
        "已在 {path} 末尾添加 {date} 的检查记录：请把其中的数字和状态改为本期实际情况，运行 portal validate 检查后提交。",
        "Added the check-in of {date} to {path}: change its figures and statuses to this period's, run portal validate, then submit.",
    ),
    # -- the province's roll-up (issue 21) ----------------------------------------------------
    "bundle.exists": ("{path} 已存在，未写入任何内容。请换一个位置（--out），或加 --force 替换以前生成的数据包。",
                      "{path} already exists; nothing was written. Choose another --out, or add --force to replace an earlier bundle."),
    "bundle.sign_failed": ("无法用密钥 {key} 签名：{reason}。数据包未写入。", "Could not sign with the key {key}: {reason}. No bundle was written."),
    "bundle.done": (
        "已写入数据包 {path}（{cycle} 年度，{office}；公开数字{public}）。把整个文件夹交给省级汇总即可。",
        "Wrote the bundle {path} (cycle {cycle}, {office}; figures {public}). Hand the whole folder to the province's roll-up.",
    ),
    "bundle.public_yes": ("已公开，含等次分布", "public, grade counts included"),
    "bundle.public_no": ("尚未到公示期，只含参与、回收和目标检查情况", "not public before the 公示: participation, ballot return and check-ins only"),
    "rollup.not_a_bundle": ("这不是评议门户的数据包（缺少或无法读取 bundle.json）。请使用 portal bundle 生成的整个文件夹。",
                            "This is not a portal bundle (bundle.json is missing or unreadable). Use the whole folder portal bundle wrote."),
    "rollup.schema_version": (
        "数据包格式版本为 {found}，本程序只能读取第 {supported} 版。请让该单位用与省级相同版本的 portal bundle 重新生成。",
        "The bundle's schema version is {found}; this program reads version {supported} only. Have the office run the same portal version's bundle again.",
    ),
    "rollup.tampered": (
        "数据包中的 {file} 与 bundle.json 记录的校验值不符（或缺失）：文件在生成后被改动过。请向该单位重新索取数据包。",
        "{file} in the bundle does not match the checksum in bundle.json (or is missing): it was changed after the bundle was written. Ask the office for the bundle again.",
    ),
    "rollup.bad_signature": (
        "数据包的签名（bundle.json.sig）无效或不是受信任的签名人：bundle.json 可能被改动过。请向该单位重新索取数据包。",
        "The bundle's signature (bundle.json.sig) is invalid or not from a trusted signer: bundle.json may have been changed. Ask the office for the bundle again.",
    ),
    "rollup.signature_needed": ("指定了 --allowed-signers，但该数据包没有签名（bundle.json.sig）。", "--allowed-signers is given but this bundle is not signed (no bundle.json.sig)."),
    "rollup.schema_mismatch": (
        "{file} 的列或格式版本与第 {version} 版数据包不符。请让该单位用 portal bundle 重新生成。",
        "The columns or schema version of {file} do not match bundle schema version {version}. Have the office run portal bundle again.",
    ),
    "rollup.inconsistent": ("{file} 中有不属于 {office} {cycle} 年度的数据：数据包被改动过。", "{file} holds rows of another office or cycle than {office} {cycle}: the bundle was changed."),
    "rollup.duplicate": ("{office} 的 {cycle} 年度数据包重复了（另一个是 {other}）。每个单位每个年度只能汇总一次，请去掉其中一个。",
                         "{office}'s cycle {cycle} comes twice (the other is {other}). Each office's cycle is rolled up once: leave one out."),
    "rollup.failed": ("数据包有问题，汇总已停止，没有写入或改动任何内容。", "Some bundles are not usable: the roll-up stopped and nothing was written or changed."),
    "rollup.no_bundles": ("没有可汇总的数据包。", "No bundle to roll up."),
    "rollup.out_exists": ("{path} 已存在且不是以前生成的汇总网站，未写入任何内容。请换一个 --out。",
                          "{path} exists and is not an earlier roll-up site; nothing was written. Choose another --out."),
    "rollup.done": ("汇总网站已生成：{path}（{bundles} 个数据包）。", "Roll-up site built in {path} ({bundles} bundles)."),
    "rollup.site_name": ("三亮三比三评 · 全省汇总", "三亮三比三评 · the province's roll-up"),
    "rollup.title": ("全省汇总", "The province's roll-up"),
    "rollup.intro": ("共 {offices} 个单位、{cycles} 个年度；各单位最近一个年度共 {people} 人，已提交自评 {submitted} 人。",
                     "{offices} offices, {cycles} cycles; in each office's latest cycle {people} people, {submitted} of whom have submitted."),
    "rollup.public_note": (
        "本页只汇总各单位向全体人员公开的内容和匿名统计，不含任何个人的得分、等次或排名；公示期之前的年度不含等次分布（第 1.2 版）。",
        "Only what each office shows everyone, and anonymous counts: no person's score, grade or rank; cycles before their 公示 have no grade counts (v1.2).",
    ),
    "rollup.offices": ("各单位对比", "Offices side by side"),
    "rollup.filter_count": ("显示 {shown} / {total} 个单位", "{shown} of {total} offices shown"),
    "rollup.table_note": ("每个单位列出最近一个年度；点击表头排序，用上方的选择框筛选。历年情况见“历年趋势”。",
                          "Each office's latest cycle; click a header to sort, use the choices above to filter. Earlier cycles: Trends."),
    "rollup.column.office": ("单位", "Office"),
    "rollup.column.offices": ("单位数", "Offices"),
    "rollup.column.cycle": ("年度", "Cycle"),
    "rollup.column.status": ("状态", "Status"),
    "rollup.column.public": ("数字是否公开", "Figures public"),
    "rollup.column.people": ("人数", "People"),
    "rollup.column.participation": ("参与率", "Participation"),
    "rollup.column.return": ("选票回收率", "Ballot return"),
    "rollup.column.first": ("优秀人数 / 名额", "First grade / quota"),
    "rollup.column.at_risk": ("有风险目标", "Goals at risk"),
    "rollup.column.overdue": ("未报送检查人数", "Not checked in"),
    "rollup.column.quota_limit": ("优秀名额", "Quota"),
    "rollup.column.table": ("数据表", "Table"),
    "rollup.status.open": ("进行中", "open"),
    "rollup.status.closed": ("已结束", "closed"),
    "rollup.public_yes": ("已公开", "public"),
    "rollup.public_no": ("公示前", "before the 公示"),
    "rollup.not_public": ("公示前不公布", "not before the 公示"),
    "rollup.heat.title": ("各单位关键指标（%）", "Key figures by office (%)"),
    "rollup.heat.participation": ("参与率", "Participation"),
    "rollup.heat.return": ("回收率", "Ballot return"),
    "rollup.heat.first": ("优秀占比", "First-grade share"),
    "rollup.heat.at_risk": ("风险目标占比", "Goals at risk"),
    "rollup.heat.matrix": ("各单位历年参与率（%）", "Participation by office and cycle (%)"),
    "rollup.trend_chart": ("全省{figure}（%）", "The province's {figure} (%)"),
    "rollup.grades_chart": ("全省等次分布（已公开的年度）", "Grades across the province (public cycles)"),
    "rollup.grades_intro": (
        "各单位最近一个年度的等次人数和“优秀”名额（评议完整人数 × 比例，向下取整）。超过名额的标 ⚠。公示期之前的年度不公布等次。",
        "Grade counts of each office's latest cycle against the first-grade quota (floor of quota × complete people); ⚠ marks more than the quota. Cycles before their 公示 show none.",
    ),
    "rollup.goals_intro": ("各单位最近一个年度的目标按最近一次检查的状态计数，以及上一季度以来未报送检查的人数。",
                           "Goals of each office's latest cycle by their latest check-in, and the people without a check-in since the last quarter began."),
    "rollup.no_checkins": ("各单位都尚未使用目标检查。", "No office uses check-ins yet."),
    "rollup.trends_intro": ("全省各年度的汇总：参与率、回收率按人数和票数合计计算，优秀占比只计已公开的单位。",
                            "Each cycle across the province: participation and return from the totals, the first-grade share from offices whose figures are public."),
    "rollup.downloads_intro": ("三张数据表（各单位、各处室、等次），含所有年度：CSV（Excel/WPS 可直接打开）、Excel 和 Parquet。",
                               "The three tables (offices, sections, grades), every cycle: CSV (opens in Excel/WPS), Excel and Parquet."),
    "rollup.table.office": ("各单位", "Offices"),
    "rollup.table.sections": ("各处室", "Sections"),
    "rollup.table.grades": ("等次分布", "Grades"),
    "rollup.nav.index": ("概览", "Overview"),
    "rollup.nav.grades": ("等次与名额", "Grades and quota"),
    "rollup.nav.goals": ("目标检查", "Check-ins"),
    "rollup.nav.trends": ("历年趋势", "Trends"),
    "rollup.nav.downloads": ("下载", "Downloads"),
    "column.office": ("单位", "Office"),
    "column.cycle": ("年度", "Cycle"),
    "column.title": ("年度标题", "Title"),
    "column.period_start": ("开始日期", "Start"),
    "column.period_end": ("结束日期", "End"),
    "column.bundled_on": ("生成日期", "Bundled on"),
    "column.figures_public": ("数字已公开", "Figures public"),
    "column.people": ("人数", "People"),
    "column.participation": ("参与率", "Participation"),
    "column.sections": ("处室数", "Sections"),
    "column.return_rate": ("回收率", "Return rate"),
    "column.first_grade": ("第一等次", "First grade"),
    "column.excellent_quota": ("优秀比例", "Quota share"),
    "column.quota_limit": ("优秀名额", "Quota"),
    "column.first_grade_count": ("优秀人数", "First grade count"),
    "column.objections_open": ("异议（处理中）", "Objections open"),
    "column.objections_upheld": ("异议（成立）", "Objections upheld"),
    "column.objections_dismissed": ("异议（不成立）", "Objections dismissed"),
    "column.checkins_used": ("使用目标检查", "Check-ins used"),
    "column.goals_on_track": ("正常推进目标", "Goals on track"),
    "column.goals_behind": ("进度落后目标", "Goals behind"),
    "column.goals_at_risk": ("有风险目标", "Goals at risk"),
    "column.goals_done": ("已完成目标", "Goals done"),
    "column.goals_unchecked": ("尚未检查目标", "Goals unchecked"),
    "column.overdue_people": ("未报送检查人数", "Not checked in"),
    "column.section_name": ("处室名称", "Section name"),
    "column.quorum_met": ("达到回收率", "Quorum met"),
    "column.band": ("等次序号", "Band"),
    "checkin.status.on_track": ("正常推进", "on track"),
    "checkin.status.behind": ("进度落后", "behind"),
    "checkin.status.at_risk": ("有风险", "at risk"),
    "checkin.status.done": ("已完成", "done"),
    "checkin.status.unchecked": ("尚未检查", "no check-in yet"),
    "page.checkins.title": ("目标进展（季度/半年检查）", "Goals through the year (check-ins)"),
    "page.checkins.glance": ("目标检查一览", "Check-ins at a glance"),
    "page.checkins.watch": ("进度落后或有风险的目标", "Goals behind or at risk"),
    "page.checkins.goal": ("目标", "Goal"),
    "page.checkins.date": ("检查日期", "Date"),
    "page.checkins.progress": ("完成", "Done"),
    "page.checkins.expected": ("按进度应完成", "Expected"),
    "page.checkins.status": ("状态", "Status"),
    "page.checkins.note": ("说明", "Note"),
    "page.checkins.quarter": ("{n}季度", "Q{n}"),
    "page.checkins.line": ("进度线", "straight line"),
    "page.checkins.line_behind": ("落后线", "behind"),
    "page.checkins.line_at_risk": ("风险线", "at risk"),
    "page.checkins.chart": ("{goal}：完成数与进度线（目标 {target}{unit}）", "{goal}: progress against the straight line (target {target} {unit})"),
    "page.checkins.strip": ("{goal}：各次检查的状态", "{goal}: status at each check-in"),
    "page.checkins.goal_target": ("目标编号 {id}，目标 {target}{unit}。", "Goal id {id}, target {target} {unit}."),
    "page.checkins.goal_plain": ("目标编号 {id}，无量化指标（状态由本人填报）。", "Goal id {id}, no target (the status is self-reported)."),
    "page.checkins.none": ("尚无检查记录。", "No check-in yet."),
    "page.checkins.without_id": (
        "另有 {count} 个目标没有编号（id），无法记录检查进展。",
        "{count} more goal(s) have no id and so no check-ins.",
    ),
    "page.checkins.you_overdue": ("自 {since} 以来尚未报送检查。", "No check-in since {since}."),
    "page.checkins.all_on_track": ("目前没有进度落后或有风险的目标。", "No goal is behind or at risk."),
    "page.checkins.more": ("另有 {count} 个目标未列出，请查看各处室页面。", "{count} more are listed on the sections' pages."),
    "page.checkins.overdue_title": ("上期以来未报送检查的人员", "Not checked in since the last period"),
    "page.checkins.overdue_intro": ("自 {since}（上一季度开始）以来没有检查记录：", "No check-in since {since} (the start of the last quarter):"),
    "page.checkins.none_overdue": ("自 {since} 以来人人都已报送检查。", "Everyone has checked in since {since}."),
    "page.checkins.no_period_yet": ("第一个季度尚未结束，暂不提醒。", "The first quarter has not ended yet: no reminders."),
    "page.checkins.sections": ("各处室目标检查情况", "Check-ins by section"),
    "page.checkins.overdue_count": ("未报送人数", "Not checked in"),
    "page.checkins.method": (
        "有量化指标的目标，检查时的状态按进度线自动计算：期间共 N 天（含首尾两天），检查日期为第 E 天（含当天），"
        "按进度应完成 = 目标 × E ÷ N（第一天为目标的 1/N，最后一天为全部目标）。完成数达到目标为“已完成”；"
        "否则差距 =（应完成 − 完成数）÷ 目标，小于 {behind} 为“正常推进”，小于 {at_risk} 为“进度落后”，其余为“有风险”"
        "（恰好等于界线时算较差的一档；按填写的数字精确计算）。无量化指标的目标由本人填报状态。"
        "检查期为期间内的各自然季度；上一季度结束后仍无该季度开始以来检查记录的人员，在首页和处室页面提醒。检查不计入评分。",
        "A measurable goal's status at a check-in is computed from the straight line: the period has N days (first and last "
        "included), the check-in is on day E (that day included), expected = target × E ÷ N (1/N of the target on the first day, "
        "all of it on the last). Done when the progress reaches the target; otherwise gap = (expected − progress) ÷ target: on track "
        "below {behind}, behind below {at_risk}, at risk from there (a gap exactly at a threshold is on the worse side; exact "
        "arithmetic on the numbers as written). Goals without a target have a self-reported status. The check-in periods are the "
        "calendar quarters of the period; once a quarter has ended, people without a check-in since its start are listed on the "
        "home and section pages. Check-ins do not enter the scores.",
    ),
    # -- cross-file rules ------------------------------------------------------------
    "person.id_mismatch": (
        "编号 id“{value}”与文件名“{stem}”不一致。请把 id 改成 {stem}，或把文件改名为 {value}.yaml。",
        "The id '{value}' does not match the file name '{stem}'. Change the id to {stem} or rename the file to {value}.yaml.",
    ),
    "section.unknown": (
        "处室“{value}”不在 org.yaml 中。请使用 {sections} 之一。",
        "The section '{value}' is not in org.yaml. Use one of {sections}.",
    ),
    "section.file_mismatch": (
        "section“{value}”与文件名“{stem}”不一致。文件名应为处室编号：{value}.yaml。",
        "The section '{value}' does not match the file name '{stem}'. The file should be named after the section: {value}.yaml.",
    ),
    "section.duplicate": ("处室编号“{value}”在 org.yaml 中重复了。", "The section id '{value}' appears twice in org.yaml."),
    "ballot.unknown_person": (
        "“{person}”不是本年度 {section} 的人员（people/ 中没有这个编号，或其所属处室不同）。选票只能评价本处室人员，请核对编号。",
        "'{person}' is not a person of section {section} in this cycle (no such id in people/, or in another section). A ballot rates only people of its own section: check the id.",
    ),
    "ballot.both_forms": (
        "同一文件里不能同时有 ballots（逐张选票）和 tallies（计票汇总）。请只保留一种。",
        "A file holds either ballots or tallies, not both. Keep one.",
    ),
    "ballot.no_form": (
        "请填写 ballots（逐张选票）或 tallies（计票汇总）之一。",
        "Write either ballots (one entry per ballot) or tallies (counts per level).",
    ),
    "tally.unequal": (
        "“{person}”的计票合计不一致：fulfilment 共 {expected} 票，而 {dimension} 共 {actual} 票。每个维度的票数合计应相同。",
        "The tallies of '{person}' disagree: fulfilment totals {expected} ballots but {dimension} totals {actual}. Every dimension must total the same.",
    ),
    "tally.level_unknown": (
        "计票中的“{value}”不是本年度的等次。请使用 {levels} 之一。",
        "'{value}' in the tallies is not a level of this cycle. Use one of {levels}.",
    ),
    # -- ballot integrity (issue 11) ----------------------------------------------------
    "ballot.returned_mismatch": (
        "returned 写的是 {returned}，但 ballots 中列出了 {listed} 张选票。逐张列出选票时，收回票数就是列出的张数：请改为 {listed} 或删去 returned。",
        "returned says {returned} but the ballots list holds {listed}. With a ballots list, returned is the number listed: write {listed} or remove returned.",
    ),
    "ballot.returned_needed": (
        "写了 {field} 却没有写 returned（收回票数）。计票汇总（tallies）须同时写明 returned，才能核对票数。",
        "{field} is given without returned. Tallies that give issued or void must give returned too, so the count can be checked.",
    ),
    "ballot.returned_over_issued": (
        "收回票数（{returned}）多于发出票数（{issued}）：该处室民主测评无效。请核对发出与收回的票数；如确实多收，须重新组织测评。",
        "More ballots came back ({returned}) than were handed out ({issued}): the section's democratic assessment is void. Check both numbers; if so, hold the assessment again.",
    ),
    "ballot.void_over_returned": (
        "废票数（{void}）多于收回票数（{returned}）。请核对 void 和 returned。",
        "More void ballots ({void}) than ballots returned ({returned}). Check void and returned.",
    ),
    "tally.over_valid": (
        "“{person}”的计票共 {n} 票，多于有效票数 {valid}（收回 − 废票）。计票只统计有效票，请核对。",
        "'{person}' is counted on {n} ballots, more than the {valid} valid ballots (returned − void). Tallies count valid ballots only: check them.",
    ),
    "ballot.void_mismatch": (
        "void 写的是 {void}，但按本年度 ballot_rules 逐张核对，废票为 {counted} 张；计分以核对结果为准。请改为 {counted} 或删去 void。",
        "void says {void} but the cycle's ballot_rules find {counted} void ballots in the list; scoring uses the rules. Write {counted} or remove void.",
    ),
    "ballot.below_quorum": (
        "收回 {returned} 张/发出 {issued} 张，低于本年度规定的回收率 {quorum}：该处室的民主测评无效，其人员将列为缺少民主测评。",
        "{returned} of {issued} ballots came back, below the cycle's quorum {quorum}: the section's democratic assessment is invalid and its people lack it.",
    ),
    "ballot.reveals_casters": (
        "这些选票评价的人员各不相同（例如每张都缺一位不自评的人员），由此可以看出每张票是谁投的，匿名性被破坏。"
        "请运行 portal tally-ballots --cycle {cycle} --section {section} 把它改写为计票汇总（tallies），再提交。",
        "The ballots do not all rate the same people (e.g. each leaves out one member who does not rate themselves), "
        "which tells who cast each ballot. Run portal tally-ballots --cycle {cycle} --section {section} to rewrite it as tallies, then commit.",
    ),
    "ballot.list_kept": (
        "民主测评写的是逐张选票（ballots）。自 2026 年 12 月起只接受计票汇总（tallies）：逐张选票可能看出谁投了哪一张。"
        "请运行 portal tally-ballots --cycle {cycle} --section {section} 把它改写为计票汇总。",
        "The democratic file is a list of single ballots. Since contract v1.2 only tallies are accepted: single ballots can tell who "
        "cast each one. Run portal tally-ballots --cycle {cycle} --section {section} to rewrite it as tallies.",
    ),
    "ballot.list_kept_closed": (
        "民主测评写的是逐张选票（ballots）。{cycle} 已结束，文件保持原样照常计分；新的民主测评只接受计票汇总（tallies）。",
        "The democratic file is a list of single ballots. {cycle} is closed, so it stays as it is and counts as before; "
        "new democratic files are tallies only.",
    ),
    "review.reviewer_not_leader": (
        "考评人“{value}”不是 org.yaml 中该处室的分管领导（{leader}）。如属代评，请确认无误。",
        "The reviewer '{value}' is not the section's leader in org.yaml ({leader}). Check that this is intended.",
    ),
    "review.unknown_person": (
        "“{person}”不是 {section} 的人员。组织考评只能评价本处室人员，请核对编号。",
        "'{person}' is not a person of section {section}. A review rates only people of its own section: check the id.",
    ),
    "file.unexpected": (
        "无法识别的文件。年度文件夹中只能有 cycle.yaml、org.yaml 以及 people/、democratic/、organizational/ 中的 .yaml 文件。",
        "Unexpected file. A cycle folder holds cycle.yaml, org.yaml and .yaml files in people/, democratic/ and organizational/.",
    ),
    "file.case_clash": (
        "文件名“{name}”与“{other}”只有大小写不同，在 Windows 上会互相覆盖。请改名。",
        "The file name '{name}' differs from '{other}' only in case; on Windows they overwrite each other. Rename one.",
    ),
    # -- who may read what, 公示 and objections (issue 12) ----------------------------------
    "schema.objection": ("异议 scorecards/<年度>/objections/<编号>.yaml", "An objection scorecards/<cycle>/objections/<n>.yaml"),
    "publicity.order": ("公示的结束日期（end）早于开始日期（start）。请检查 publicity 的两个日期。",
                        "The publicity period ends (end) before it starts (start). Check the two dates of publicity."),
    "publicity.before_period": (
        "公示开始日期 {start} 早于本年度的开始日期 {period_start}：这是往年的公示日期（新建年度时沿用了上一年的设置？）。"
        "请改为本年度的公示日期；还没定下来时，先删去 publicity 这一段。",
        "The publicity starts on {start}, before this cycle's period starts ({period_start}): these are an earlier "
        "cycle's dates (copied when the cycle was started?). Write this cycle's dates, or remove publicity until they are set.",
    ),
    "publicity.long_after_period": (
        "公示开始日期 {start} 比本年度结束日期 {period_end} 晚一年以上。请检查年份是否写错。",
        "The publicity starts on {start}, more than a year after this cycle's period ends ({period_end}). Check the year.",
    ),
    "publicity.closed_early": (
        "公示期到 {end} 才结束（今天是 {today}），年度还不能设为 closed。请在公示期结束后再改为 status: closed。",
        "The publicity period runs until {end} (today is {today}): the cycle cannot be closed yet. Set status: closed after the period is over.",
    ),
    "objection.no_resolution": (
        "异议的状态是 {status}，但没有填写处理结果（resolution）。请写明核实和处理的结论，或把状态改回 open。",
        "The objection is {status} but has no resolution. Write how it was decided, or set its status back to open.",
    ),
    "objection.about_unknown": (
        "about 写的“{value}”既不是本年度人员的编号，也不是处室编号。请写人员编号、处室编号，或删去这一行（针对整个年度）。",
        "about: '{value}' is neither a person id nor a section id of this cycle. Write one of them, or remove the line (the whole cycle).",
    ),
    "objection.open_in_closed": (
        "年度已设为 closed，但这条异议仍是 open。请先处理异议（status 改为 upheld 或 dismissed 并写明 resolution），或把年度改回 open。",
        "The cycle is closed but this objection is still open. Decide it first (upheld or dismissed, with a resolution), or set the cycle back to open.",
    ),
    "codes.no_secret": (
        "没有密钥：请设置环境变量 PORTAL_SECRET，或用 --secret-file 指定密钥文件（密钥不要放在仓库里；还没有密钥时，用 portal secret new 生成一个）。",
        "No secret: set PORTAL_SECRET, or name a secret file with --secret-file (never keep the secret in the repository; portal secret new makes one).",
    ),
    # -- the organisers' secret (issue 18, item 5) ----
    "secret.weak": (
        "{source} 中的密钥不符合要求，已拒绝。只接受 portal secret new 生成的密钥（portal-secret-1: 后接 64 位十六进制数，即 256 位随机数）："
        "口令或自己编写的字符串，别人只凭网站文件就能逐个试出来，进而算出所有人的查询码。"
        "请运行 portal secret new 生成新密钥，再用 portal codes 重新生成查询码并逐人发放。",
        "The secret in {source} is refused: only a secret made by portal secret new is accepted (portal-secret-1: and 64 hexadecimal "
        "digits, 256 random bits). A passphrase or a hand-made string can be guessed from the site's files alone, and with it "
        "everyone's code. Run portal secret new for a new secret, then portal codes for new codes to hand out.",
    ),
    "secret.not_random": (
        "{source} 中的密钥格式正确，但不像随机生成的（字节重复太多），已拒绝。请运行 portal secret new 生成新密钥，不要手工编写。",
        "The secret in {source} has the right form but does not look random (too many repeated bytes) and is refused. "
        "Run portal secret new for a new one; never write a secret by hand.",
    ),
    "secret.inside_portal": (
        "没有写入 {path}：它在门户仓库 {root} 之内，密钥可能被提交或随网站发布。请写到仓库以外的位置（不加 --out 时写到默认位置）。",
        "Nothing written to {path}: it lies inside the portal repository {root}, where the secret could be committed or "
        "published. Write it outside (without --out it goes to the default place).",
    ),
    "secret.exists": (
        "{path} 已经存在，没有覆盖。请换一个位置（--out）；确实要换用新密钥时加 --force（旧密钥生成的查询码随之作废）。",
        "{path} already exists and was not overwritten. Choose another place (--out), or add --force to replace the secret "
        "(the codes made from the old one stop working).",
    ),
    "secret.is_folder": ("{path} 是一个文件夹。请给出密钥文件的路径。", "{path} is a folder. Give the path of the secret file."),
    "secret.wrote": (
        "已生成新密钥：{path}（256 位随机数；文件只有您本人可读写，权限 600）。\n"
        "下一步：\n"
        "  1. 这个文件不要放进仓库或网站文件夹；在 CI 中，把文件内容保存为只有受保护分支能用的环境机密 PORTAL_SECRET。\n"
        "  2. 使用时：export PORTAL_SECRET=\"$(cat {path})\"，或在 portal codes、portal build 后加 --secret-file {path}。\n"
        "  3. 运行 portal codes 生成新的查询码并逐人发放（新密钥对应全新的查询码，旧查询码条作废），再运行 portal build。",
        "A new secret is in {path} (256 random bits; only you can read or write the file, mode 600).\n"
        "Next:\n"
        "  1. Keep the file out of the repository and the site; in CI, store its content as PORTAL_SECRET in a protected "
        "environment that only the protected branch reaches.\n"
        "  2. To use it: export PORTAL_SECRET=\"$(cat {path})\", or add --secret-file {path} to portal codes and portal build.\n"
        "  3. Run portal codes for the new codes and hand them out (a new secret gives everyone new codes; old slips stop "
        "working), then portal build.",
    ),
    "codes.secret_unreadable": ("无法读取密钥文件 {path}：{reason}", "Cannot read the secret file {path}: {reason}"),
    "codes.wrote": ("已为 {cycle} 年度生成 {count} 个查询码：{csv}（表格）和 {html}（可打印的查询码条）。请妥善保管，逐人发放。",
                    "{count} {count|code|codes} of cycle {cycle} written: {csv} (table) and {html} (slips to print). Keep them safe and hand each to its holder."),
    "codes.in_repository": (
        "输出位置 {path} 在门户仓库内，查询码可能被提交。请写到仓库以外的位置（--out）。",
        "{path} is inside the portal repository, where the codes could be committed. Write them outside it (--out).",
    ),
    "build.public_only": (
        "未设置密钥（PORTAL_SECRET 或 --secret-file）：本次只生成公开内容；个人得分、等次、排名、评语和完整结果表都不会出现在网站中。",
        "No secret (PORTAL_SECRET or --secret-file): this build holds the public view only; no one's scores, grade, rank, comments or the full results are in the site.",
    ),
    "build.sealed": (
        "受限内容已加密，{credentials} 个查询码各自能打开本人可看的部分。",
        "Restricted content is encrypted; {credentials} codes each open what their holder may read.",
    ),
    "codes.kind.person": ("个人", "person"),
    "codes.kind.organiser": ("组织者", "organiser"),
    "codes.kind.leader": ("分管领导", "leader"),
    "codes.slip.title": ("{title} 个人查询码", "{title}: personal codes"),
    "codes.slip.heading": ("“三亮三比三评”个人查询码", "Personal code of the review"),
    "codes.slip.holder": ("持码人", "Holder"),
    "codes.slip.role": ("身份", "Role"),
    "codes.slip.code": ("查询码", "Code"),
    "codes.slip.how": (
        "打开评议门户中本人的页面，在“查看受限内容”处输入此码（不区分大小写，短横线可省略）。此码仅限本人使用，请勿转交他人。",
        "Open your page on the portal and type this code under 'Restricted content' (case does not matter, dashes may be left out). For you alone: do not pass it on.",
    ),
    "codes.slip.cut": ("沿虚线剪开", "cut along the dashed lines"),
    "codes.slip.site": ("网址", "Site"),
    "codes.site_invalid": ("--site 的值 {value} 不是网址。请写评议门户在内网上的地址，如 https://pingyi.example/2026/。",
                           "--site {value} is not an address. Give the portal's address on the intranet, e.g. https://pingyi.example/2026/."),
    "seal.locked": ("以下内容仅限本人、分管领导和组织者查看。", "What follows is for the person, the section's leader and the organisers only."),
    "seal.locked_section": ("以下内容仅限本处室分管领导和组织者查看。", "What follows is for the section's leader and the organisers only."),
    "seal.locked_organisers": ("以下内容仅限组织者查看。", "What follows is for the organisers only."),
    "seal.prompt": ("输入查询码", "Enter your code"),
    "seal.open": ("查看", "Open"),
    "seal.forget": ("退出查看", "Lock again"),
    "seal.wrong": ("此查询码不能打开本处内容。", "This code does not open this content."),
    "seal.working": ("正在验证……", "Checking…"),
    "seal.no_crypto": ("此浏览器不支持解密（需要 https 或内网地址下的现代浏览器）。", "This browser cannot decrypt (a modern browser over https or on the intranet is needed)."),
    # -- pure-JS unlocking over plain http (seal2) ----
    "seal.unlocking": ("正在解锁…", "Unlocking…"),
    "seal.public_only": ("本网站只发布了公开内容。", "This site holds the public view only."),
    "page.publicity.banner": ("公示期：{start} 至 {end}。如有异议，请联系：{contact}", "Publicity: {start} to {end}. Objections to: {contact}"),
    "page.publicity.banner_title": ("公示", "Publicity"),
    "page.publicity.proposed": ("拟评为“{first}”等次人员名单（公示）", "Proposed for '{first}' (publicity)"),
    "page.publicity.none": ("暂无拟评人员。", "No one is proposed."),
    "page.publicity.objections": ("异议受理情况", "Objections"),
    "page.publicity.objection_counts": ("共收到异议 {total} 件：待处理 {open} 件，异议成立 {upheld} 件，异议不成立 {dismissed} 件。",
                                        "{total} {total|objection|objections}: {open} open, {upheld} upheld, {dismissed} dismissed."),
    "page.objections.title": ("异议处理明细", "Objections in full"),
    "page.objections.received": ("收到日期", "Received"),
    "page.objections.about": ("对象", "About"),
    "page.objections.summary": ("内容", "Summary"),
    "page.objections.status": ("状态", "Status"),
    "page.objections.resolution": ("处理结果", "Resolution"),
    "page.objections.whole_cycle": ("整个年度", "the whole cycle"),
    "objection.status.open": ("待处理", "open"),
    "objection.status.upheld": ("异议成立", "upheld"),
    "objection.status.dismissed": ("异议不成立", "dismissed"),
    # -- reviews (复核) and appeals (申诉), contract v1.2 (issue 20) ---------------------------------
    "appeal.no_decision": (
        "该申请的状态是 {status}，但没有填写决定（decision）。请写明复核或申诉的决定，或把状态改回 open。",
        "The request is {status} but has no decision. Write the decision, or set its status back to open.",
    ),
    "appeal.about_unknown": (
        "about 的值“{value}”不是本年度的人员编号。复核和申诉针对某一个人：请填写 people/ 下该人员文件的编号。",
        "about '{value}' is not a person of this cycle. A review or appeal is about one person: give the id of their file in people/.",
    ),
    "appeal.grade_not_upheld": (
        "只有决定改变等次（status: upheld）的申请才能填写 grade；该申请的状态是 {status}。请删去 grade，或把状态改为 upheld。",
        "Only an upheld request may give a grade; this one is {status}. Remove grade, or set the status to upheld.",
    ),
    "appeal.grade_unknown": (
        "等次“{value}”不是本年度的等次。可选：{grades}。",
        "'{value}' is not a grade of this cycle. Choose one of: {grades}.",
    ),
    "appeal.decided_early": (
        "决定日期 {decided} 早于收到日期 {received}。请核对日期。",
        "The decision ({decided}) is dated before the request was received ({received}). Check the dates.",
    ),
    "appeal.kind.review": ("复核", "review"),
    "appeal.kind.appeal": ("申诉", "appeal"),
    "appeal.status.open": ("办理中", "open"),
    "appeal.status.upheld": ("予以改定", "upheld"),
    "appeal.status.dismissed": ("维持原结果", "dismissed"),
    "flag.amended": (
        "等次经{kind}改定（{source}，{decided}）：原核定等次 {computed}，现为 {grade}；各项得分不变。",
        "Grade amended by {kind} ({source}, {decided}): computed {computed}, now {grade}; the scores are unchanged.",
    ),
    "flag.short.amended": ("等次改定", "amended"),
    "column.computed_grade": ("原核定等次", "computed grade"),
    "column.amended_by": ("改定依据", "amended by"),
    "page.appeals.title": ("复核与申诉", "Reviews and appeals"),
    "page.appeals.received": ("收到日期", "Received"),
    "page.appeals.kind": ("类别", "Kind"),
    "page.appeals.deadline": ("申请期限", "Window ends"),
    "page.appeals.decision": ("决定", "Decision"),
    "page.appeals.grade": ("改定等次", "New grade"),
    "page.appeals.late": ("{deadline}（逾期提出）", "{deadline} (received late)"),
    "page.appeals.windows": (
        "考核结果通知书送达日期：{notified}；申请复核期限为送达之日起 {review_days} 日（至 {review_deadline}），"
        "申诉期限为复核决定作出之日起 {appeal_days} 日。办理中的申请列在前面。",
        "Notices handed out: {notified}; a review may be asked within {review_days} days (until {review_deadline}), "
        "an appeal within {appeal_days} days of the review's decision. Open requests are listed first.",
    ),
    # -- portal close / portal verify, and the closed cycle on its site (issue 20) -------------------------
    "close.building": ("正在从当前提交重新生成 {cycle} 年度网站（与本机缓存无关），请稍候……",
                       "Building cycle {cycle} from the commit (no local cache), please wait…"),
    "close.done": ("{cycle} 年度已关闭：清单 {manifest}（{files} 个文件），默克尔根 {root}，已签名并打标签 {tag}。",
                   "Cycle {cycle} closed: manifest {manifest} ({files} files), Merkle root {root}, signed and tagged {tag}."),
    "close.amended": ("{cycle} 年度的改定清单已签名：{manifest}（{files} 个文件），默克尔根 {root}，标签 {tag}，已接在上一份清单之后。",
                      "Amendment of cycle {cycle} signed: {manifest} ({files} files), Merkle root {root}, tag {tag}, chained to the last manifest."),
    "close.next": ("下一步：git add closing/ && git commit -m \"{manifest}\"，提交合并请求；并推送标签：git push origin {tag}。"
                   "请把默克尔根抄写在盖章的公示材料上或报送上级，作为仓库以外的见证。",
                   "Next: git add closing/ && git commit -m \"{manifest}\", send it as a pull request, and push the tag: git push origin {tag}. "
                   "Copy the Merkle root onto the stamped 公示 paper or send it to the body above: a witness outside the repository."),
    "close.dirty": ("工作区有未提交的修改。关闭年度时网站必须由已提交的内容生成：请先提交或撤销这些修改。",
                    "The work tree has uncommitted changes. A closing builds from the commit: commit or undo them first."),
    "close.not_closed": ("{cycle} 年度的 cycle.yaml 仍是 status: open。请先把它改为 closed，经审核合并后，在合并后的提交上运行 portal close。",
                         "cycle.yaml of {cycle} still says status: open. Set it to closed, have it merged, then run portal close on that commit."),
    "close.publicity_running": ("公示期到 {end} 才结束，公示期内不能关闭年度。", "The 公示 runs until {end}: the cycle cannot close before it is over."),
    "close.open_objection": ("还有未处理的异议：{files}。请先作出处理决定。", "Objections are still open: {files}. Decide them first."),
    "build.signed_kept": ("{cycle} 年度已关闭签名，网站与签名清单一致，原样保留（不重新生成）。",
                          "Cycle {cycle} is closed and signed; its site matches the manifest and is kept as it is (not rebuilt)."),
    "close.which_signer": ("请用 --signer 写明签名的组织者账号：{file} 中这把密钥对应的组织者为 {found}。",
                           "Name the signing organiser with --signer: the organisers {file} lists with this key: {found}."),
    "close.no_key": ("找不到 SSH 私钥 {key}。请用 --key 指定（如 ~/.ssh/id_ed25519）。", "No SSH private key at {key}. Give it with --key."),
    "close.not_organiser": ("{signer} 不是本年度的组织者（org.yaml 中的 organisers：{organisers}），不能关闭年度。",
                            "{signer} is not an organiser of this cycle (organisers in org.yaml: {organisers}) and cannot close it."),
    "close.no_allowed_signers": ("仓库中没有 {file}。请先把组织者的 SSH 公钥按 ssh-keygen 的 allowed_signers 格式写入该文件并提交。",
                                 "The repository has no {file}. Add the organisers' SSH public keys there (ssh-keygen's allowed_signers format) first."),
    "close.key_not_allowed": ("这把密钥没有以 {signer} 的名义列在 {file} 中，或已过期（valid-before）。请换用列出的密钥，或先把公钥加入该文件。",
                              "This key is not listed for {signer} in {file}, or it has expired (valid-before). Use a listed key, or add its public key there first."),
    "close.already": ("{cycle} 年度自上次签名（{manifest}）以来没有变化，已经签过清单。有复核或申诉改定结果时，合并后再运行一次即可生成改定清单。",
                      "Cycle {cycle} has not changed since it was signed ({manifest}). After an upheld appeal is merged, run again to sign an amendment."),
    "close.amend_only_appeals": ("{cycle} 年度关闭后除 appeals/ 外还有文件被修改：{files}。已关闭的年度只能增加复核和申诉。",
                                 "Files of {cycle} other than appeals/ changed since it was closed: {files}. A closed cycle takes appeals only."),
    "close.commit_time": ("提交 {commit} 的时间无效（0），无法作为网站文件的时间。", "Commit {commit} has no usable time (0)."),
    "close.build_failed": ("从提交 {commit} 生成网站失败：{reason}", "Building the site from commit {commit} failed: {reason}"),
    "close.sign_failed": ("用密钥 {key} 签名失败：{reason}", "Signing with the key {key} failed: {reason}"),
    "close.tag_failed": ("创建签名标签 {tag} 失败：{reason}", "Making the signed tag {tag} failed: {reason}"),
    "verify.no_manifest": ("找不到 {cycle} 年度的签名清单（仓库的 closing/ 和网站的 closing/ 中都没有）：该年度尚未用 portal close 关闭。",
                           "No signed manifest of cycle {cycle} (neither in the repository's closing/ nor in the site's): it was not closed with portal close."),
    "verify.no_allowed_signers": ("找不到可信签名人文件 {file}。请在门户目录中运行，或用 --allowed-signers 指定上级或仓库提供的文件。",
                                  "No allowed signers file {file}. Run in the portal, or give the one from the repository or the body above with --allowed-signers."),
    "verify.allowed_signers_unreadable": ("可信签名人文件 {file} 无法读取：{reason}", "The allowed signers file {file} cannot be read: {reason}"),
    "verify.sequence": ("清单 {file} 的编号或年度与文件名不符（应为第 {expected} 份）：清单链被改动。",
                        "Manifest {file}: its number or cycle does not match its name (expected number {expected}): the chain was altered."),
    "verify.bad_signature": ("清单 {file} 的签名无效：清单在签名后被修改过，或签名文件已损坏。",
                             "Manifest {file}: the signature does not hold: the manifest was changed after signing, or the signature is damaged."),
    "verify.no_signature": ("清单 {file} 缺少签名文件 {file}.sig。", "Manifest {file} has no signature {file}.sig."),
    "verify.unknown_key": ("清单 {file} 是用未登记的密钥签名的（不在可信签名人文件中），不能作为 {principal} 的签名。",
                           "Manifest {file} was signed with a key not in the allowed signers file; it is not {principal}'s signature."),
    "verify.wrong_signer": ("清单 {file} 写明由 {principal} 签名，但所用密钥登记在 {others} 名下。",
                            "Manifest {file} names {principal} as signer, but the key belongs to {others}."),
    "verify.key_expired": ("清单 {file} 签名时（{moment}），{principal} 的密钥不在有效期内（生效 {after}，失效 {before}）。",
                           "Manifest {file}: when it was signed ({moment}), {principal}'s key was not valid (from {after}, before {before})."),
    "verify.not_organiser": ("清单 {file} 的签名人 {signer} 在所签提交中不是该年度的组织者。",
                             "Manifest {file}: the signer {signer} was not an organiser of the cycle at the signed commit."),
    "verify.commit_missing": ("清单 {file} 所签的提交 {commit} 在仓库中不存在。", "Manifest {file}: the signed commit {commit} is not in the repository."),
    "verify.root_mismatch": ("清单 {file} 中的默克尔根与其文件列表不符：清单被改动。",
                             "Manifest {file}: its Merkle root does not match its list of files: the manifest was altered."),
    "verify.chain_start": ("清单 {file} 是第一份，却指向了更早的清单：清单链被改动。", "Manifest {file} is the first but names an earlier one: the chain was altered."),
    "verify.previous_root": ("清单 {file} 记录的上一份清单（{previous}）的默克尔根与该清单现在的根不同：上一年度的记录被改动过。",
                             "Manifest {file} records another root for the previous manifest ({previous}) than it now has: the earlier record was altered."),
    "verify.chain_broken": ("清单 {file} 与上一份清单 {previous} 的链接不符（编号或清单哈希不同）：清单链断开。",
                            "Manifest {file} does not link to the previous manifest {previous} (number or hash differs): the chain is broken."),
    "verify.copy_missing": ("网站中缺少签名清单 {file}。", "The site lacks the signed manifest {file}."),
    "verify.copy_differs": ("网站中的 {file} 与仓库中签名的版本不一致：网站上的清单被改动或替换。",
                            "{file} in the site differs from the signed one in the repository: the site's manifest was altered or replaced."),
    "verify.copy_extra": ("网站中多出了清单文件 {file}（仓库中没有）。", "The site holds a manifest file {file} the repository does not."),
    "verify.file_changed": ("文件被改动：{file}（签名时 SHA-256 为 {expected}，现在为 {actual}）。",
                            "File changed: {file} (SHA-256 {expected} when signed, now {actual})."),
    "verify.file_missing": ("文件缺失：{file}（签名清单中有，网站中没有）。", "File missing: {file} (in the signed manifest, not in the site)."),
    "verify.file_added": ("多出的文件：{file}（签名清单中没有）。", "File added: {file} (not in the signed manifest)."),
    "verify.page_unknown": ("页面 {file} 的 SHA-256（{actual}）不在签名清单中：该页面与关闭时的不同。",
                            "Page {file}: its SHA-256 ({actual}) is not in the signed manifest: it is not the page that was closed."),
    "verify.page_unknown_path": ("签名清单中没有路径 {file}。", "The signed manifest has no path {file}."),
    "verify.page_changed": ("页面 {file} 被改动（签名时 SHA-256 为 {expected}，现在为 {actual}）。",
                            "Page {file} was changed (SHA-256 {expected} when signed, now {actual})."),
    "verify.page_ok": ("页面核验通过：{file}，SHA-256 {digest}，经 {steps} 步包含证明得到签名的默克尔根。",
                       "Page verified: {file}, SHA-256 {digest}; its inclusion proof ({steps} steps) leads to the signed root."),
    "verify.scorecard_differs": ("评分卡 {file} 与提交 {commit} 中保存的不一致（或签名清单中没有）。",
                                 "Scorecard {file} differs from what commit {commit} stores (or is not in the manifest)."),
    "verify.tag_missing": ("仓库中没有标签 {tag}（git fetch --tags 可取回）。", "The repository has no tag {tag} (git fetch --tags fetches it)."),
    "verify.tag_moved": ("标签 {tag} 没有指向签名的提交 {commit}：标签被移动过。", "Tag {tag} does not point at the signed commit {commit}: it was moved."),
    "verify.tag_signature": ("标签 {tag} 的签名无效或不是可信签名人的签名。", "Tag {tag}: its signature does not hold or is not an allowed signer's."),
    "verify.rebuild_differs": ("从标签重新生成的网站中，{file} 与签名清单不同。", "Rebuilt from the tag, {file} differs from the signed manifest."),
    "verify.rebuild_ok": ("从提交 {commit} 重新生成的 {files} 个文件与签名清单逐字节一致。",
                          "The {files} files rebuilt from commit {commit} are byte-identical to the signed manifest."),
    "verify.site_ok": ("网站 {folder} 的 {files} 个文件与签名清单一致。", "The {files} files of the site {folder} match the signed manifest."),
    "verify.root": ("{cycle} 年度第 {sequence} 份清单：默克尔根 {root}，由 {signer} 于 {signed_at} 签名。",
                    "Cycle {cycle}, manifest {sequence}: Merkle root {root}, signed by {signer} at {signed_at}."),
    "verify.failed": ("核验未通过：{cycle} 年度发现 {count} 处问题（见上）。", "Verification failed: {count} problem(s) in cycle {cycle} (see above)."),
    "verify.passed": ("核验通过：{cycle} 年度与签名清单及清单链一致。", "Verified: cycle {cycle} matches its signed manifest and the chain."),
    "archive.home_title": ("本年度已关闭", "This cycle is closed"),
    "archive.home": ("本年度于 {closed_at}（UTC）由 {closed_by} 关闭，本站所有文件已列入签名清单。",
                     "Closed at {closed_at} (UTC) by {closed_by}; every file of this site is listed in a signed manifest."),
    "archive.home_link": ("查看默克尔根和核验方法", "The Merkle root and how to verify"),
    "archive.title": ("{cycle} 年度关闭记录与核验", "Cycle {cycle}: closing record and verification"),
    "archive.intro": ("本年度关闭时，本站每个文件和本年度评分卡（按仓库中保存的形式）的 SHA-256 都列入了清单，清单的默克尔根由组织者用 SSH 密钥签名，"
                      "并记录了上一份清单的根，前后相连。",
                      "At the closing, the SHA-256 of every file of this site and of the cycle's scorecards (as stored) went into a manifest; "
                      "its Merkle root was signed by an organiser's SSH key and names the previous manifest's root, so they form a chain."),
    "archive.manifest_close": ("关闭清单（第 {sequence} 份）", "Closing manifest (no. {sequence})"),
    "archive.manifest_amendment": ("改定清单（第 {sequence} 份，复核或申诉改定等次后）", "Amendment (no. {sequence}, after an upheld review or appeal)"),
    "archive.closed_at": ("关闭时间（UTC）", "Closed at (UTC)"),
    "archive.closed_by": ("关闭人", "Closed by"),
    "archive.signed": ("签名人与签名时间", "Signed by, at"),
    "archive.root": ("默克尔根", "Merkle root"),
    "archive.previous": ("上一份清单的根", "Previous manifest's root"),
    "archive.files": ("文件数", "Files"),
    "archive.commit": ("所签提交（标签）", "Commit signed (tag)"),
    "archive.manifest_file": ("清单与签名", "Manifest and signature"),
    "archive.how_title": ("如何核验", "How to verify"),
    "archive.how": ("在门户仓库中运行下面的命令，可核验下载或部署的网站文件夹是否与签名清单一致、清单链是否完整；加 --rebuild 会从标签重新生成并逐字节比较。"
                    "只有默克尔根时，也可以按使用说明中的方法用 Python 的 hashlib 自行核验单个页面。",
                    "In the portal's repository, these commands check a downloaded or deployed site folder against the signed manifest and the chain; "
                    "--rebuild builds again from the tag and compares byte for byte. With the root alone, a page can be checked with Python's hashlib (see the guide)."),
    "archive.witness": ("签名只能证明清单是持有登记密钥的组织者签的、此后没有被改动；把默克尔根抄在盖章的公示材料上或报送上级，才能证明关闭后仓库没有被整体替换。",
                        "A signature proves that a listed organiser's key signed the manifest and that nothing changed since; the root copied onto the "
                        "stamped 公示 paper or sent to the body above proves that the repository was not replaced as a whole."),
    "archive.chain": ("本文件夹保存了到本年度为止的全部 {count} 份清单。", "This folder holds all {count} manifests of the chain up to this cycle."),
    # -- portal notices: 考核结果通知书 (issue 20) ------------------------------------------------------
    "notices.title": ("考核结果通知书", "Notice of assessment result"),
    "notices.dear": ("{name}同志：", "Dear {name},"),
    "notices.intro": ("经个人自评、民主评议和组织考评，现将您本年度的考核结果通知如下：",
                      "After the self, democratic and organisational assessments, your result for this cycle is:"),
    "notices.grade": ("考核等次", "Grade"),
    "notices.composite": ("综合得分", "Composite"),
    "notices.self": ("自我评议", "Self"),
    "notices.democratic": ("民主评议", "Democratic"),
    "notices.organizational": ("组织考评", "Organisational"),
    "notices.comment": ("分管领导评语：", "The leader's comment:"),
    "notices.incomplete": ("评议未完成，未评定等次。所缺项目：", "The assessment is incomplete and no grade was given. Missing: "),
    "notices.amended": ("经{source}改定（原核定等次：{computed}）", "amended by {source} (computed: {computed})"),
    "notices.rights": (
        "如对考核结果有异议，可自收到本通知书之日起 {review_days} 日内（{until} 前）向{unit}书面申请复核；"
        "对复核决定不服的，可自复核决定作出之日起 {appeal_days} 日内向上级机关提出申诉。复核和申诉期间，不停止考核结果的执行。",
        "If you disagree with this result, you may ask {unit} in writing for a review within {review_days} days of receiving this notice "
        "(before {until}); against the review's decision you may appeal to the body above within {appeal_days} days of it.",
    ),
    "notices.rights_unset": ("如对考核结果有异议，可向{unit}书面申请复核；对复核决定不服的，可向上级机关提出申诉。",
                             "If you disagree with this result, you may ask {unit} in writing for a review, and then appeal to the body above."),
    "notices.seal": ("（盖章）", "(seal)"),
    "notices.sign": ("本人签收：＿＿＿＿＿＿＿＿", "Received by: ____________"),
    "notices.date": ("签收日期：＿＿＿＿年＿＿月＿＿日", "Date: ____ / __ / __"),
    "notices.verify_title": ("网页核验信息", "Checking your page"),
    "notices.verify_how": ("本年度已关闭并签名。您的个人页面（凭查询码查看）的 SHA-256 应与下列数值相同；沿包含证明逐步计算应得到签名的默克尔根。"
                           "核验命令：portal verify 年度 页面文件，或见网站“年度关闭记录与核验”页。",
                           "This cycle is closed and signed. Your page's SHA-256 must equal the value below; its inclusion proof must lead "
                           "to the signed Merkle root (portal verify CYCLE PAGE, or the site's closing record page)."),
    "notices.page": ("页面：", "Page: "),
    "notices.digest": ("页面 SHA-256：", "Page SHA-256: "),
    "notices.root": ("默克尔根：", "Merkle root: "),
    "notices.proof": ("包含证明（L/R:兄弟节点）：", "Inclusion proof (L/R:sibling): "),
    "notices.not_closed": ("本年度尚未用 portal close 关闭签名；网页核验信息在关闭后另行提供。",
                           "The cycle is not yet closed and signed (portal close); the page check follows after the closing."),
    "notices.wrote": ("已写出 {count} 个文件，共 {people} 份通知书（{folder}）。通知书含个人考核结果，只限组织者保存和打印。",
                      "Wrote {count} file(s), {people} notice(s) in {folder}. They hold personal results: organisers only."),
    "notices.symlink": ("{path} 是符号链接或含有符号链接，拒绝写入（通知书含个人考核结果）。", "{path} is or holds a symbolic link: refused (notices hold personal results)."),
    "schema.appeal": ("复核、申诉 scorecards/<年度>/appeals/<编号>.yaml", "A review or appeal scorecards/<cycle>/appeals/<n>.yaml"),
    "schema.def.AppealWindows": ("复核和申诉期限", "Review and appeal windows"),
    "schema.title.appeals": ("复核和申诉期限", "Appeals"),
    "schema.help.appeals": ("可选：收到考核结果通知书后申请复核、复核决定后提出申诉的天数。",
                            "Optional: days to ask for a review after the notice, and to appeal after the review's decision."),
    "schema.title.review_days": ("申请复核天数", "Review days"),
    "schema.help.review_days": ("自收到考核结果通知书之日起，可申请复核的天数，如 30。", "Days from the notice to ask for a review, e.g. 30."),
    "schema.title.appeal_days": ("提出申诉天数", "Appeal days"),
    "schema.help.appeal_days": ("自复核决定作出之日起，可提出申诉的天数，如 15。", "Days from the review's decision to appeal, e.g. 15."),
    "schema.title.notified": ("通知书送达日期", "Notified"),
    "schema.help.notified": ("可选：考核结果通知书送达的日期；申请复核的期限从这一天算起。", "Optional: the day the notices were handed out."),
    "schema.help.appeal.received": ("收到复核或申诉申请的日期。", "The day the request came in."),
    "schema.help.appeal.about": ("申请人的人员编号（people/ 下的文件名）。", "The person id the request is about."),
    "schema.title.kind": ("类别", "Kind"),
    "schema.help.kind": ("review（复核，向本单位提出）或 appeal（申诉，复核决定后向上级提出）。", "review or appeal."),
    "schema.title.appeal.status": ("办理状态", "Status"),
    "schema.help.appeal.status": ("open（办理中）、upheld（予以改定）或 dismissed（维持原结果）。", "open, upheld or dismissed."),
    "schema.title.decision": ("决定", "Decision"),
    "schema.help.decision": ("复核或申诉的决定：状态不是 open 时必填（只向组织者显示）。", "The decision: required unless open."),
    "schema.title.decided": ("决定日期", "Decided"),
    "schema.help.decided": ("可选：作出决定的日期；复核决定后的申诉期限从这一天算起。", "Optional: the day of the decision."),
    "schema.title.grade": ("改定等次", "Grade"),
    "schema.help.grade": ("只在 upheld 时填写：取代计算等次的本年度等次；得分不变。", "Only with upheld: the grade that replaces the computed one."),
    "page.provisional": ("本年度尚未结束，页面上的分数、等次和排名均为暂定，以最终公布为准。",
                         "This cycle is still open: scores, grades and ranks on this page are provisional."),
    "page.honour.title": ("“三比”光荣榜", "Honour board (三比)"),
    "page.honour.intro": ("各项比较前 {n} 名（只列姓名和名次）。", "The top {n} in each comparison (names and order only)."),
    "page.access.restricted": (
        "按本年度设置，个人的得分、等次、排名和分管领导评语只向本人、所在处室的分管领导和组织者公开：在本人页面输入个人查询码即可查看。",
        "In this cycle a person's scores, grade, rank and the leader's comment are for that person, the section's leader and the organisers: open your page and enter your personal code.",
    ),
    "page.figures.later_publicity": (
        "各等次人数、评议完整人数、各处室平均分和“三比”光荣榜自公示开始（{start}）起公布。在此之前，这些数字会随某一位同志的评分卡、测评票或考评而变化，比较前后两次的页面就能推算出他人的分数，所以这里只公布参与情况。",
        "Grade counts, complete counts, section means and the honour board are published from the start of the publicity period ({start}). Until then they move with one person's scorecard, ballots or review, and comparing the pages before and after would give that person's scores: only participation is shown here.",
    ),
    "page.figures.later_closed": (
        "各等次人数、评议完整人数、各处室平均分和“三比”光荣榜在本年度评议结束后公布。在此之前，这些数字会随某一位同志的评分卡、测评票或考评而变化，比较前后两次的页面就能推算出他人的分数，所以这里只公布参与情况。",
        "Grade counts, complete counts, section means and the honour board are published once this cycle is closed. Until then they move with one person's scorecard, ballots or review, and comparing the pages before and after would give that person's scores: only participation is shown here.",
    ),
    "page.home.participation_only": (
        "共 {people} 人，已提交自评 {submitted} 人，参与率 {rate}。",
        "{people} people, {submitted} self-assessments submitted ({rate}).",
    ),
    "page.section.means_withheld": ("完整参评人数少于 {min} 人，不公布平均分。", "Fewer than {min} complete members: no means are published."),
    # -- schemas ------------------------------------------------------------------------
    "schema.stale": ("{cycle} 年度的编辑器提示文件（.schemas/ 中的 {kinds}）与 cycle.yaml 不一致（如等次改过）：编辑器会按旧的提示。"
                     "请运行 portal schema 更新，并与 cycle.yaml 一起提交。",
                     "The editors' schemas of cycle {cycle} (.schemas/: {kinds}) no longer match its cycle.yaml (the levels "
                     "changed?): editors would offer the old ones. Run portal schema and commit them with cycle.yaml."),
    "schema.cycle_unreadable": ("{cycle} 年度的 cycle.yaml 有错误，没有为它生成编辑器提示文件；改正后请重新运行 portal schema。",
                                "Cycle {cycle}'s cycle.yaml has errors, so its schemas were not written; fix it and run portal schema again."),
    "schema.error.rating": ("请填写本年度的等次（{levels}）之一，或 0 到 100 之间的分数。",
                            "Write one of this cycle's levels ({levels}) or a score from 0 to 100."),
    "schema.error.rating_any": ("请填写本年度的等次之一，或 0 到 100 之间的分数。", "Write one of this cycle's levels or a score from 0 to 100."),
    "schema.error.tally": ("计票按本年度的等次（{levels}）填写票数，如 {{好: 5, 较好: 2}}。",
                           "Tallies count ballots per level of this cycle ({levels}), e.g. {{好: 5, 较好: 2}}."),
    "schema.cycle": ("年度设置 scorecards/<年度>/cycle.yaml", "Cycle settings scorecards/<cycle>/cycle.yaml"),
    "schema.org": ("机构与处室 scorecards/<年度>/org.yaml", "Unit and sections scorecards/<cycle>/org.yaml"),
    "schema.person": ("个人评分卡 scorecards/<年度>/people/<编号>.yaml", "A person's scorecard scorecards/<cycle>/people/<id>.yaml"),
    "schema.democratic": ("民主评议 scorecards/<年度>/democratic/<处室>.yaml", "Democratic ballots scorecards/<cycle>/democratic/<section>.yaml"),
    "schema.organizational": ("组织考评 scorecards/<年度>/organizational/<处室>.yaml", "Organisational review scorecards/<cycle>/organizational/<section>.yaml"),
    # -- result columns (xlsx headers, site tables) ------------------------------------------
    "xlsx.sheet": ("评议结果", "Results"),
    "column.id": ("编号", "id"),
    "column.name": ("姓名", "name"),
    "column.section": ("处室", "section"),
    "column.status": ("状态", "status"),
    "column.missing": ("缺少", "missing"),
    "column.raters": ("民主评议票数", "ballots"),
    "column.self": ("自我评议", "self"),
    "column.democratic": ("民主评议", "democratic"),
    "column.organizational": ("组织考评", "organisational"),
    "column.composite": ("综合得分", "composite"),
    "column.grade": ("等次", "grade"),
    "column.rank": ("排名", "rank"),
    "column.compare_learning": ("比学习得分", "learning score"),
    "column.compare_work": ("比工作得分", "work score"),
    "column.compare_contribution": ("比奉献得分", "contribution score"),
    "column.compare_fulfilment": ("践诺得分", "fulfilment score"),
    "column.compare_rank_learning": ("比学习排名", "learning rank"),
    "column.compare_rank_work": ("比工作排名", "work rank"),
    "column.compare_rank_contribution": ("比奉献排名", "contribution rank"),
    "column.compare_rank_fulfilment": ("践诺排名", "fulfilment rank"),
    "column.flags": ("提示", "flags"),
    "column.leader": ("分管领导", "leader"),
    "column.members": ("人数", "members"),
    "column.complete": ("评议完整人数", "complete"),
    "column.submitted": ("已提交自评", "submitted"),
    "column.review_score": ("组织考评得分", "review score"),
    "column.mean_composite": ("平均综合得分", "mean composite"),
    # -- the site ------------------------------------------------------------------------------
    "nav.home": ("首页", "Home"),
    "nav.show": ("三亮公示", "Show (三亮)"),
    "nav.compare": ("三比排名", "Compare (三比)"),
    "nav.results": ("评议结果", "Results"),
    "nav.sections": ("处室", "Sections"),
    "nav.method": ("评议办法", "Method"),
    "nav.downloads": ("下载", "Downloads"),
    "nav.guide": ("使用说明", "Guide"),
    "dim.learning": ("比学习", "Learning"),
    "dim.work": ("比工作", "Work"),
    "dim.contribution": ("比奉献", "Contribution"),
    "dim.fulfilment": ("践诺", "Fulfilment"),
    "source.self": ("自我评议", "Self"),
    "source.democratic": ("民主评议", "Democratic"),
    "source.organizational": ("组织考评", "Organisational"),
    "source.composite": ("综合", "Composite"),
    "result.kept": ("已兑现", "kept"),
    "result.partly": ("部分兑现", "partly kept"),
    "result.missed": ("未兑现", "missed"),
    "result.none": ("未填写", "not reported"),
    "status.complete": ("评议完整", "complete"),
    "status.incomplete": ("评议未完成", "incomplete"),
    "missing.self": ("未提交自评", "no self-assessment"),
    "missing.organizational": ("缺组织考评", "no organisational review"),
    "missing.democratic": ("民主评议票数不足", "too few ballots"),
    "withheld": ("不公开", "withheld"),
    "withheld.legend": ("“不公开”：", "'withheld': "),
    "withheld.reason": (
        "民主评议票数不足 {min} 张，按规定不公开民主评议得分，也不计算综合得分。",
        "Fewer than {min} ballots: the democratic scores are withheld, and no composite is computed.",
    ),
    "flag.veto": (
        "否决：民主评议中“践诺”评为“{level}”的票数占比达到 {share}，等次最高为“{cap}”。",
        "Veto: the share of ballots rating fulfilment '{level}' reached {share}; the grade is capped at '{cap}'.",
    ),
    "flag.quota": (
        "名额限制：综合得分达到“{first}”分数线，但“{first}”名额（{limit} 名）已满，按排名评为“{second}”。",
        "Quota: the composite reaches '{first}', but its {limit} {limit|place is|places are} taken by higher ranks; graded '{second}'.",
    ),
    "flag.self_high": ("自评偏高：自我评议比民主评议高 {gap} 分以上。", "Self-rating high: self exceeds democratic by {gap} or more."),
    "flag.self_low": ("自评偏低：自我评议比民主评议低 {gap} 分以上。", "Self-rating low: democratic exceeds self by {gap} or more."),
    "flag.short.veto": ("否决", "veto"),
    "flag.short.quota": ("名额限制", "quota"),
    "flag.short.self_high": ("自评偏高", "self high"),
    "flag.short.self_low": ("自评偏低", "self low"),
    "page.home.participation": ("参与情况", "Participation"),
    "page.home.participation_text": (
        "共 {people} 人，已提交自评 {submitted} 人，参与率 {rate}；评议完整 {complete} 人。",
        "{people} {people|person|people}, {submitted} {submitted|self-assessment|self-assessments} submitted ({rate}); {complete} complete.",
    ),
    "page.home.not_submitted": ("尚未提交自评", "Not yet submitted"),
    "page.home.all_submitted": ("全部人员均已提交自评。", "Everyone has submitted a self-assessment."),
    "page.home.grades": ("等次分布", "Grades"),
    "page.home.quota_text": (
        "“{first}”名额：评议完整 {complete} 人 × {quota} = 最多 {limit} 名。",
        "Places for '{first}': {complete} complete × {quota} = at most {limit}.",
    ),
    "page.home.quota_marker": ("名额上限", "quota"),
    "page.home.sections": ("处室排名", "Section ranking"),
    "page.home.top": ("三比前列", "Top of the comparisons"),
    "page.home.status_open": ("本年度评议进行中，结果随评分卡的提交实时更新。", "This cycle is open: the figures follow the scorecards as they arrive."),
    "page.home.status_closed": ("本年度评议已结束，结果已归档。", "This cycle is closed; its results are final."),
    "page.show.intro": (
        "每位同志按岗位公开亮出工作标准、奋斗目标和个人承诺，接受监督。",
        "Each person publicly shows their work standards, goals and commitments.",
    ),
    "page.show.standards": ("亮标准", "Standards"),
    "page.show.goals": ("亮目标", "Goals"),
    "page.show.commitments": ("亮承诺", "Commitments"),
    "page.show.target": ("目标 {target}{unit}，完成 {actual}{unit}（{progress}）", "target {target}{unit}, achieved {actual}{unit} ({progress})"),
    # {unit}: the goal's unit after punct.unit_gap (nothing in Chinese, 87条; a space in English, 87 条), or nothing
    "punct.unit_gap": ("", " "),
    # between two sentences of the catalog printed one after the other
    "punct.sentence_gap": ("", " "),
    "page.show.target_only": ("目标 {target}{unit}", "target {target}{unit}"),
    "page.show.evidence": ("佐证：", "Evidence: "),
    "page.show.none": ("（未填写）", "(none)"),
    "page.show.people": ("{count} 人", "{count} {count|person|people}"),
    "page.compare.intro": (
        "三比得分 = 自我评议、民主评议、组织考评在该维度上的加权得分（权重见评议办法），仅限评议完整的人员。",
        "A comparison score weighs the three assessments on one dimension (see Method); complete people only.",
    ),
    "page.compare.top_only": ("人数较多，此处列出前 {limit} 名；完整名单见下载。", "Only the top {limit} are listed; the full table is in Downloads."),
    "page.compare.score": ("得分", "Score"),
    "page.results.intro": ("评议完整人员按综合得分排名；评议未完成的人员列于表后，并注明所缺项目。", "Complete people ranked by composite; incomplete people follow with what they lack."),
    "page.results.incomplete": ("评议未完成", "Incomplete"),
    "page.results.sortable": ("点击表头可排序。", "Click a column header to sort."),
    "page.results.by_section": ("人数较多，完整结果按处室列出，见各处室页面或下载。", "With this many people, full results are on the section pages and in Downloads."),
    "page.section.members": ("人员", "Members"),
    "page.section.review": ("组织考评（对处室工作）", "Organisational review of the section"),
    "page.section.no_review": ("分管领导尚未提交本处室的组织考评。", "The leader has not yet submitted the section's review."),
    "page.section.averages": ("平均得分（评议完整人员）", "Averages (complete people)"),
    "page.section.chart": ("综合得分", "Composite"),
    "page.section.leader": ("分管领导", "Leader"),
    "page.section.rank": ("处室排名", "Section rank"),
    "page.section.score": ("考评得分", "Review score"),
    "page.section.show": ("三亮公示", "Show (三亮)"),
    "page.sections.intro": ("处室按组织考评得分排名，得分相同时按平均综合得分。", "Sections rank by review score, then mean composite."),
    "page.person.scores": ("三评得分", "Assessment scores"),
    "page.person.dimension": ("维度", "Dimension"),
    "page.person.overall": ("加权总分", "Overall"),
    "page.person.result": ("评议结果", "Result"),
    "page.person.grade_rank": ("等次：**{grade}**　综合得分：**{composite}**　排名：第 {rank} 名（共 {total} 人）", "Grade: **{grade}**  Composite: **{composite}**  Rank: {rank} of {total}"),
    "page.person.incomplete": ("评议未完成：{missing}。", "Incomplete: {missing}."),
    "page.person.compare_evidence": ("三比事迹", "Comparison evidence"),
    "page.person.summary": ("自评总结", "Self-assessment summary"),
    "page.person.comment": ("分管领导评语", "Leader's comment"),
    "page.person.history": ("历年情况", "History"),
    "page.person.cycle": ("年度", "Cycle"),
    "page.person.chart": ("{name}的三评得分", "Scores of {name}"),
    "page.person.raters": ("民主评议票数：{n}", "Ballots: {n}"),
    "page.person.flags": ("提示", "Notes"),
    "page.person.post": ("职务", "Post"),
    "page.person.no_self": ("尚未提交自评。", "No self-assessment yet."),
    "page.method.intro": ("本页根据本年度 cycle.yaml 的设置自动生成。", "Generated from this cycle's cycle.yaml."),
    "page.method.scale": ("评价等次与分值", "Rating levels"),
    "page.method.level": ("等次", "Level"),
    "page.method.points": ("分值", "Points"),
    "page.method.weights": ("三评权重", "Weights of the assessments"),
    "page.method.dimensions": ("维度权重", "Weights of the dimensions"),
    "page.method.weight": ("权重", "Weight"),
    "page.method.grades": ("等次划分", "Grade bands"),
    "page.method.min": ("综合得分不低于", "Composite at least"),
    "page.method.rules": ("计算规则", "Rules"),
    "page.method.rules_text": (
        "1. 各项评价按等次折算为分值（也可直接打 0–100 分）；民主评议取全部有效票的平均分。\n"
        "2. 每项评议的总分 = 各维度得分 × 维度权重之和。\n"
        "3. 综合得分 = 自我评议、民主评议、组织考评总分 × 三评权重之和。自评、组织考评齐全且民主评议不少于 {min_raters} 票的人员才计算综合得分、等次和排名；民主评议不足 {min_raters} 票的，其民主评议得分不公开。\n"
        "4. 排名按综合得分从高到低；得分相同的，依次比较组织考评总分、民主评议总分，再按编号排序。三比各维度排名规则相同。\n"
        "5. 等次按分数线确定。{veto}\n"
        "6. “{first}”名额不超过评议完整人数的 {quota}（向下取整），超出名额的按排名评为“{second}”。\n"
        "7. 自我评议与民主评议总分相差 {gap} 分及以上的，标注“自评偏高”或“自评偏低”。",
        "1. Ratings count as their level's points (or a score from 0 to 100); democratic scores are the mean over ballots.\n"
        "2. An assessment's overall score = Σ dimension score × dimension weight.\n"
        "3. Composite = Σ assessment overall × assessment weight, for people with self, organisational and at least {min_raters} ballots; below {min_raters} ballots the democratic scores are withheld.\n"
        "4. Ranks by composite, ties by organisational then democratic overall, then id; the comparison ranks likewise.\n"
        "5. Grades by band. {veto}\n"
        "6. At most {quota} of complete people (rounded down) get '{first}'; the rest by rank get '{second}'.\n"
        "7. A gap of {gap} or more between self and democratic overall is flagged.",
    ),
    "page.method.veto": (
        "民主评议中“践诺”评为“{level}”的票数占比达到 {share} 的，等次最高为“{cap}”。",
        "When the share of ballots rating fulfilment '{level}' reaches {share}, the grade is at most '{cap}'.",
    ),
    "page.method.no_veto": ("本年度不设否决。", "No veto this cycle."),
    "page.downloads.intro": ("评议结果表（与“评议结果”页内容一致，不含不公开的得分）。", "The results table (as on the Results page; withheld figures are not included)."),
    "page.downloads.csv": ("CSV 表格（Excel/WPS 可直接打开）", "CSV (opens in Excel/WPS)"),
    "page.downloads.xlsx": ("Excel 表格", "Excel workbook"),
    "page.downloads.sections": ("处室结果 CSV", "Sections CSV"),
    "site.redirect": ("正在跳转到最新年度……", "Opening the latest cycle…"),
    # -- pages: text as data, tables, filters, heatmaps, charts, downloads (issues 10, 13) ----
    "page.section.reviewer": ("考评人", "Reviewer"),
    "filter.all": ("全部", "all"),
    "page.heatmap.title": ("得分热力图", "Heatmap of scores"),
    "page.heatmap.sections": ("各处室得分热力图（评议完整人员平均）", "Heatmap of section means (complete people)"),
    "page.heatmap.intro": ("每行一人（按排名），每列一项三比得分和综合得分；格中是得分，颜色越深得分越高，便于逐行比较。",
                           "One row per person (in rank order), one column per comparison score and the composite; each cell shows its score, darker is higher."),
    "page.heatmap.legend": ("颜色（本表范围内，从低到高）：", "Shades (within this table, low to high):"),
    "xlsx.sections_sheet": ("处室", "Sections"),
    "column.issued": ("发出票数", "ballots issued"),
    "column.returned": ("收回票数", "ballots returned"),
    "column.valid": ("有效票数", "valid ballots"),
    "column.void": ("废票", "void ballots"),
    "page.person.no_scores": ("暂无评议得分（自我评议、民主评议、组织考评均未提交或不公开）。", "No scores yet (no self-assessment, ballots or review, or none published)."),
    "page.section.no_complete_short": ("—（无评议完整的成员）", "— (no complete members)"),
    "page.section.no_complete": ("本处室没有评议完整的成员，因此没有平均综合得分，成员均不评定等次；处室仍按组织考评得分排名。各人所缺项目见下表。",
                                 "No member of this section is complete, so it has no mean composite and nobody is graded; the section still ranks by its review score. What each member lacks is in the table below."),
    "page.home.ungraded": ("其中 {count} 人评议未完成，未评定等次（见“评议结果”）。", "{count} {count|person is|people are} incomplete and {count|has|have} no grade (see Results)."),
    "filter.count": ("显示 {shown} / {total} 人", "{shown} of {total} shown"),
    "page.results.incomplete_note": ("评议未完成的 {count} 人列在表末，不评定等次、不排名，“状态”列注明所缺项目。",
                                     "The {count} incomplete people are at the end, without grade or rank; Status says what they lack. "),
    # -- portal new -----------------------------------------------------------------------------
    "new.header": (
        "个人评分卡（三亮 + 自我评议）。保存为 UTF-8；用空格缩进；冒号、减号用英文半角并在后面加空格。",
        "A person's scorecard (show + self-assessment). Save as UTF-8; indent with spaces; ASCII ':' and '-' followed by a space.",
    ),
    "new.id": ("编号：与文件名相同，历年不变", "id: the same as the file name, the same every year"),
    "new.name": ("姓名", "name"),
    "new.section": ("处室编号，可选：{sections}", "section id, one of: {sections}"),
    "new.post": ("职务", "post"),
    "new.account": ("代码托管平台上的用户名（用于审批）", "user name on the git host (for approvals)"),
    "new.show": ("三亮：去掉示例行开头的“#”后改成自己的内容", "三亮: remove the '#' before an example line and write your own"),
    "new.standards": ("亮标准：每条一行，以“- ”开头", "standards: one per line, starting with '- '"),
    "new.goals": ("亮目标：文字，或可量化的 {{text, target, actual, unit}}", "goals: text, or measurable {{text, target, actual, unit}}"),
    "new.commitments": (
        "亮承诺：result 为 kept（已兑现）、partly（部分兑现）或 missed（未兑现）",
        "commitments: result is kept, partly or missed",
    ),
    "new.compare": ("三比事迹（可选）：比学习、比工作、比奉献", "comparison evidence (optional): learning, work, contribution"),
    "new.self": (
        "年终自我评议：去掉下面各行开头的“# ”后填写。评价写等次（如 好、较好、一般、差）或 0–100 的分数。",
        "Year-end self-assessment: remove the '# ' before the lines below and fill them in. A rating is a level or a score from 0 to 100.",
    ),
    "new.exists": ("{path} 已经存在，未做任何改动。如需修改，请直接编辑该文件。", "{path} exists already; nothing was changed. Edit that file instead."),
    "new.prompt.name": ("姓名", "Name"),
    "new.prompt.section": ("处室编号", "Section id"),
    "new.prompt.post": ("职务", "Post"),
    "new.no_source": ("没有可以沿用的年度。请先手工建立第一个年度的 cycle.yaml 和 org.yaml。", "There is no cycle to start from. Write the first cycle's cycle.yaml and org.yaml by hand."),
    # -- portal check-changes ------------------------------------------------------------------
    "changes.closed": (
        "{cycle} 年度已结束（{where}为 status: closed），其文件已冻结，不能修改（规则：已结束的年度冻结）。如确需更正，请联系组织部门。",
        "Cycle {cycle} is closed ({where}: status: closed): its files are frozen (rule: a closed cycle is frozen). Ask the organisers if a correction is needed.",
    ),
    "changes.deleted": ("不能删除评分卡。如人员调离，请保留文件并联系组织部门。", "A scorecard may not be deleted. Keep the file and ask the organisers."),
    "changes.renamed": (
        "不能给评分卡文件改名（原为 {old}）：编号历年不变。请改回原文件名。",
        "A scorecard file may not be renamed (it was {old}): ids stay the same across cycles. Rename it back.",
    ),
    "changes.id_changed": ("不能修改编号 id（原为“{old}”，现为“{new}”）。请改回。", "The id may not change (it was '{old}', now '{new}'). Change it back."),
    "changes.many_people": (
        "一次提交只能修改一个人的评分卡，本次修改了：{files}。请分开提交。",
        "One change may edit one person's scorecard; this one edits: {files}. Send them separately.",
    ),
    "changes.mixed": (
        "个人评分卡（{person}）不能和民主评议/组织考评文件（{other}）在同一次提交中修改。请分开提交。",
        "A person's scorecard ({person}) may not change together with ballots or reviews ({other}). Send them separately.",
    ),
    "changes.ok": ("修改符合提交规则：{files} 个文件（提交人：{authors}）。", "The change follows the rules: {files} files (author: {authors})."),
    "changes.git_failed": ("git 命令失败（{command}）：{reason}", "A git command failed ({command}): {reason}"),
    # -- check-changes as an authorisation gate (issue 10) ------------------------------------------
    "changes.where.target": ("目标分支上", "on the target branch"),
    "changes.where.merge_base": ("本分支起点（合并基点）上", "where this branch started (the merge base)"),
    "changes.where.head": ("本次修改中", "in this change"),
    "changes.symlink": (
        "不允许符号链接（规则：只能提交普通文件）。请删除该链接，改为提交文件本身。",
        "Symbolic links are not allowed (rule: plain files only). Remove the link and commit the file itself.",
    ),
    "changes.submodule": (
        "不允许子模块或嵌套的 git 仓库（规则：只能提交普通文件）。请删除它。",
        "Submodules and nested git repositories are not allowed (rule: plain files only). Remove it.",
    ),
    "changes.mode": (
        "不允许修改文件权限（{old} → {new}）（规则：只能提交普通文件）。请改回原来的权限。",
        "A file's mode may not change ({old} -> {new}) (rule: plain files only). Change it back.",
    ),
    "changes.settings_mixed": (
        "个人评分卡（{person}）只能单独提交，不能和 {other} 在同一次提交中修改（规则：评分卡单独提交）。请分开提交。",
        "A person's scorecard ({person}) travels alone: it may not change together with {other} (rule: a scorecard travels alone). Send them separately.",
    ),
    "changes.portal_mixed": (
        "评分卡以外的文件（网站、程序、CI 等）不能和评分卡（如 {scorecard}）在同一次提交中修改（规则：门户文件单独提交）。请分开提交。",
        "Files outside the scorecards (site, generator, CI) may not change together with scorecards (such as {scorecard}) (rule: portal files apart). Send them separately.",
    ),
    "changes.no_author": (
        "不知道提交人是谁，无法判断是否有权修改（规则：须有提交人）。请用 --author 指定提交人账号（CI 中自动取 GITHUB_ACTOR、GITEA_ACTOR 或 GITLAB_USER_LOGIN）。",
        "The author is unknown, so the right to change this file cannot be checked (rule: an author is needed). Pass --author ACCOUNT (CI sets GITHUB_ACTOR, GITEA_ACTOR or GITLAB_USER_LOGIN).",
    ),
    "changes.rule.own_file": (
        "提交人 {author} 无权修改该文件：个人评分卡只能由本人修改（目标分支上该文件的 account 为 {owner}）或由组织部门修改。",
        "{author} may not change this file: a person's file is changed by that person only (its account on the target branch is {owner}) or by the organisers.",
    ),
    "changes.rule.account_changed": (
        "提交人 {author} 无权修改该文件：不能修改评分卡中的 account（原为 {old}，现为 {new}）。账号变更请联系组织部门。",
        "{author} may not change this file: the account in a scorecard may not change (it was {old}, now {new}). Ask the organisers to change it.",
    ),
    "changes.rule.new_person_account": (
        "提交人 {author} 无权修改该文件：新建的个人评分卡中 account 必须是提交人本人的账号（现为 {account}）。",
        "{author} may not change this file: a new person's file must name its author as account (it names {account}).",
    ),
    "changes.rule.one_file": (
        "提交人 {author} 无权修改该文件：提交人在本年度已有评分卡（{existing}），每人只能有一份。请修改原有文件。",
        "{author} may not change this file: the author already has a scorecard in this cycle ({existing}); one per person. Edit that file.",
    ),
    "changes.rule.same_id": (
        "提交人 {author} 无权修改该文件：提交人在 {cycle} 年度的编号是 {existing}，编号历年不变。请用同一编号命名文件。",
        "{author} may not change this file: the author's id in cycle {cycle} is {existing}; ids stay the same across cycles. Use that id.",
    ),
    "changes.rule.leader": (
        "提交人 {author} 无权修改该文件：{section} 的组织考评只能由该处室的分管领导（org.yaml 中的 leader_account）或组织部门提交。",
        "{author} may not change this file: the review of {section} is sent by the section's leader (leader_account in org.yaml) or the organisers.",
    ),
    "changes.rule.organisers": (
        "提交人 {author} 无权修改该文件：年度设置（cycle.yaml、org.yaml）、民主评议、异议和其他文件只能由组织部门（org.yaml 中的 organisers）修改。",
        "{author} may not change this file: settings (cycle.yaml, org.yaml), ballots, objections and other files are changed by the organisers (organisers in org.yaml) only.",
    ),
    "changes.rule.new_cycle": (
        "提交人 {author} 无权修改该文件：新建年度只能由组织部门提交（新年度会成为网站的最新版本并评定所有人）。",
        "{author} may not change this file: a new cycle is added by the organisers only (it becomes the site's latest version and grades everyone).",
    ),
    "changes.rule.maintainers": (
        "提交人 {author} 无权修改该文件：评分卡以外的文件（网站设置、程序、页面、CI 等）只能由组织部门或维护人员（org.yaml 中的 maintainers）修改。",
        "{author} may not change this file: files outside the scorecards (site settings, generator, pages, CI) are changed by the organisers or maintainers (maintainers in org.yaml) only.",
    ),
    # -- the gate judges the merge, reads the pull request as data (issue 18) ---------------------
    "changes.conflict": (
        "合并请求与目标分支在该文件上有冲突，无法判断合并后的结果，检查不通过（规则：只判断能合并的修改）。请先把目标分支的最新内容合并到本分支并解决冲突，再推送。",
        "The pull request conflicts with the target branch in this file: the merged result cannot be judged, so the check fails (rule: only a change that merges is judged). Merge the target branch into yours, resolve the conflicts and push again.",
    ),
    "changes.unrelated": (
        "{head} 与目标分支 {base} 没有共同的历史，不是基于本仓库的修改，检查不通过。请从目标分支新建分支后重新提交。",
        "{head} shares no history with the target branch {base}: it is not a change of this repository. Start a branch from the target branch and send the change again.",
    ),
    "changes.odd_path": (
        "文件路径无法作为普通文件检查（含“.”“..”“.git”、反斜杠或重复的名称）（规则：只能提交普通文件）。请改用只含字母、数字、汉字、“-”“_”的文件名。",
        "This path cannot be checked as a plain file (it holds '.', '..', '.git', a backslash or a name twice) (rule: plain files only). Use a name of letters, digits, '-' and '_'.",
    ),
    "changes.restricted_clear": (
        "民主评议、组织考评、异议和复核申诉文件只能以加密形式提交（规则：受限文件只能加密提交）：明文一旦提交，所有能读仓库的人都能在历史中看到。"
        "请删除该明文文件，由组织部门用 portal sealed edit 编辑，它会写入加密文件 {sealed}。",
        "Ballots, reviews, objections and appeals are sent sealed only (rule: restricted files sealed only): a clear file, once committed, is readable by everyone who can read the repository's history. "
        "Remove the clear file; the organisers edit it with portal sealed edit, which writes the sealed {sealed}.",
    ),
    "changes.restricted_not_sealed": (
        "该文件名表示加密文件，但内容不是 age 加密文件（规则：受限文件只能加密提交）。请删除它，用 portal sealed edit 重新生成。",
        "This name says sealed, but the file is not an age-encrypted file (rule: restricted files sealed only). Remove it and write it again with portal sealed edit.",
    ),
    "changes.rule.recipients": (
        "提交人 {author} 无权修改该文件：scorecards/recipients.yaml 决定谁能打开加密文件，只能由组织部门修改。",
        "{author} may not change this file: scorecards/recipients.yaml decides who can open the sealed files; only the organisers change it.",
    ),
    "changes.rule.organisers_part": (
        "提交人 {author} 无权修改 {field}：本人只能填写自己的 show、compare、self 和 checkins；id、name、section、post、account 由组织部门设定。请改回原值，如需变更请联系组织部门。",
        "{author} may not change {field}: a person writes only their own show, compare, self and checkins; id, name, section, post and account are set by the organisers. Change it back, or ask the organisers.",
    ),
    "changes.rule.id_taken": (
        "提交人 {author} 无权使用编号 {id}：该编号在 {cycle} 年度属于另一个人（编号终身属于同一人，其往年结果按编号关联）。请另选一个从未用过的编号，或请组织部门处理。",
        "{author} may not use the id {id}: in cycle {cycle} it belongs to someone else (an id is one person for good; earlier results are joined by id). Choose an id never used before, or ask the organisers.",
    ),
    "changes.codeowners_stale": (
        "CODEOWNERS 与评分卡中的账号不一致（规则：CODEOWNERS 须由 portal codeowners 生成）。请运行 portal codeowners --output {path} 后提交其结果。",
        "CODEOWNERS does not match the accounts in the scorecards (rule: CODEOWNERS is written by portal codeowners). Run portal codeowners --output {path} and commit the result.",
    ),
    # -- portal codeowners ----------------------------------------------------------------------
    "owners.header": (
        "由 portal codeowners 生成，请勿手工修改；检查是否最新：portal codeowners --check。\n"
        "要求“代码所有者审批”时，一个文件只需下面最后一条匹配行中任意一人批准（提交人本人的批准不算）："
        "组织部门可批准所有文件；个人评分卡也可由本人批准，组织考评也可由分管领导批准。\n"
        "没有 account 的人员没有单独一行，其评分卡只能由组织部门批准。谁能提交修改由 portal check-changes 检查，不由本文件决定。",
        "Generated by portal codeowners; do not edit by hand; check it is current with portal codeowners --check.\n"
        "With code-owner review required, a file needs the approval of ANY ONE account on the last line matching it (never the author's own): "
        "organisers may approve every file; a person's file also that person, a review also its leader.\n"
        "People without account get no line: their files are approved by the organisers only. Who may author a change is checked by portal check-changes, not by this file.",
    ),
    "owners.no_account": (
        "以下人员没有 account，其评分卡只由组织部门审批：{people}",
        "These people have no account; only the organisers approve their files: {people}",
    ),
    "owners.no_account_warning": (
        "{count} 人的评分卡没有 account，CODEOWNERS 中没有他们的行，只能由组织部门审批：{people}",
        "{count} {count|person has|people have} no account: CODEOWNERS has no line for them and only the organisers approve their files: {people}",
    ),
    "owners.no_organisers": (
        "org.yaml 中没有 organisers（组织部门账号），生成的 CODEOWNERS 中部分文件将无人负责审批。",
        "org.yaml lists no organisers: some files in CODEOWNERS will have no approver.",
    ),
    "owners.stale": (
        "{path} 不是最新的：与 portal codeowners 生成的内容不一致。请运行 portal codeowners --output {path}，并由组织部门单独提交。",
        "{path} is not current: it differs from what portal codeowners writes. Run portal codeowners --output {path} and have the organisers commit it on its own.",
    ),
    "owners.current": ("{path} 是最新的。", "{path} is current."),
    # -- portal import-ballots ------------------------------------------------------------------
    "import.empty": ("表格是空的。", "The table is empty."),
    "import.invalid": ("导入结果不符合格式：{reason}", "The imported ballots do not fit the format: {reason}"),
    "import.ambiguous_column": (
        "表头“{header}”同时匹配多位人员（{people}），无法确定是谁。请在表头中写明编号。",
        "The column '{header}' matches several people ({people}). Put the person's id in the header.",
    ),
    "import.dimension_unclear": (
        "“{header}”中看不出是哪一项（学习、工作、奉献、践诺），或同时含有多项。",
        "'{header}' does not name exactly one of learning, work, contribution, fulfilment.",
    ),
    "import.duplicate_column": ("表头“{header}”与“{other}”是同一人员的同一项。", "The columns '{header}' and '{other}' are the same person and dimension."),
    "import.missing_columns": ("表格缺少“{person}”的以下项：{dimensions}。", "The table lacks these dimensions of '{person}': {dimensions}."),
    "import.no_columns": (
        "表头中找不到 {section} 人员的编号或姓名。表头应形如“张三-学习”或“zhangsan.learning”。",
        "No column names a person of {section}. Headers look like '张三-学习' or 'zhangsan.learning'.",
    ),
    "import.no_ballots": ("表格中没有任何有效选票。", "The table holds no ballot."),
    "import.incomplete_row": (
        "这一行（一张选票）评价了“{person}”，但缺少：{dimensions}。一张选票评价某人时须四项都评。请核对原始问卷。",
        "This row (a ballot) rates '{person}' but lacks: {dimensions}. A ballot rates all four dimensions of a person.",
    ),
    "import.bad_rating": (
        "“{person}”的评价“{value}”无效。请使用 {levels} 之一，或 0 到 100 的分数。",
        "The rating '{value}' of '{person}' is not valid. Use one of {levels} or a score from 0 to 100.",
    ),
    "import.unknown_person": ("“{value}”不是 {section} 的人员（编号或姓名）。", "'{value}' is not a person (id or name) of {section}."),
    "import.bad_count": ("票数“{value}”应为非负整数。", "The count '{value}' should be a whole number."),
    "import.duplicate_row": ("“{person}”的“{dimension}”出现了不止一行。", "'{person}' has more than one row for {dimension}."),
    "import.no_levels": ("计票表的表头中没有等次列（{levels}）。", "The tally sheet has no column named after a level ({levels})."),
    "import.level_header_differs": (
        "表头“{header}”与等次“{level}”不完全相同（多了空白或不可见的字符），这一列的票数无法计入。"
        "请把表头改成“{level}”。",
        "The header '{header}' is not exactly the level '{level}' (it has blanks or invisible characters around it), so the "
        "column's counts cannot be read. Change the header to '{level}'.",
    ),
    "import.unknown_level_column": (
        "这一列的表头“{header}”不是本年度的等次（{levels}），但列中填了票数，无法计入。请把表头改成其中一个等次，"
        "或删去这一列。",
        "The column '{header}' holds counts but is not a level of this cycle ({levels}), so they cannot be read. Head it "
        "with one of the levels, or remove the column.",
    ),
    "import.level_column_missing": (
        "计票单缺少等次“{level}”的列（每个等次一列：{levels}）。请按 portal ballots 打印的计票单补上这一列，没有票的格子留空或填 0。",
        "The tally sheet has no column for the level '{level}' (one column per level: {levels}). Add it as in the sheet "
        "portal ballots prints; leave its cells empty or write 0 where there are no ballots.",
    ),
    "import.unequal_row": (
        "第 {row_number} 行：“{name}”（{person}）的“{dimension}”共 {actual} 票，而此人“{fulfilment}”一行（第 {fulfilment_row} 行）"
        "共 {expected} 票。同一人员各项统计的是同一批选票，合计应相同：请核对这两行。",
        "Row {row_number}: {dimension} of '{name}' ({person}) counts {actual} ballots, but their {fulfilment} row (row "
        "{fulfilment_row}) counts {expected}. Every dimension of a person counts the same ballots: check both rows.",
    ),
    "import.exists": (
        "{path} 已经存在，未做任何改动。确认要用导入结果替换时，请加 --force。",
        "{path} exists already; nothing was changed. Add --force to replace it with the import.",
    ),
    # -- import-ballots: counts and hostile tables (issue 11, issue 10 §3) ------------------------
    "import.done": (
        "已把有效票的计票汇总（{people} 人）写入 {path}；没有保存逐张选票、填表人、时间或备注。",
        "Wrote the tallies of the valid ballots ({people} {people|person|people}) to {path}; no single ballot, rater, time or comment was kept.",
    ),
    "import.failed": (
        "表格有错误，已停止导入；没有写入或改动任何文件。请按上面的说明修改表格后再导入。",
        "The table has errors; nothing was imported and no file was written or changed. Fix the table as described above, then import again.",
    ),
    "import.counted": ("收回 {returned} 张，有效 {valid} 张，废票 {void} 张。", "{returned} ballots returned, {valid} valid, {void} void."),
    "import.void_detail": (
        "其中 {uniform} 张全部同一评价，{top_share} 张践诺最高等次过多（按 ballot_rules 作废）。",
        "Of the void: {uniform} gave everything the same rating, {top_share} gave the top level on fulfilment to too many (ballot_rules).",
    ),
    "import.sheet_counted": (
        "计票单共计入 {count} 张有效选票（计票单未写收回票数，未核对废票）。",
        "The tally sheet counts {count} valid ballots (it gives no number of returned ballots, so void ones are not checked).",
    ),
    "import.issued": ("发出 {issued} 张，回收率 {rate}。", "{issued} ballots handed out, {rate} returned."),
    "import.below_quorum": (
        "回收率低于本年度要求的 {quorum}：该处室民主测评无效，其人员将列为缺少民主测评。",
        "Fewer came back than the cycle's quorum of {quorum}: the section's democratic assessment is invalid.",
    ),
    "import.returned_needed": (
        "计票单写了发出票数，却没有“收回票数”一行。请填写收回票数（和废票数）后再导入。",
        "The tally sheet gives the ballots handed out but no row 收回票数 (returned). Fill in returned (and void), then import again.",
    ),
    "import.issued_differs": (
        "计票单上的发出票数（{sheet}）与 --issued {option} 不一致。请核对。",
        "The tally sheet says {sheet} ballots were handed out, --issued says {option}. Check which is right.",
    ),
    "import.not_a_level": (
        "“{person}”的评价“{value}”不是任何等次的分数。导入结果按等次计票，请使用等次：{levels}。",
        "The rating '{value}' of '{person}' is not the points of a level. Imports count ballots by level: use {levels}.",
    ),
    "tally.no_list": ("{path} 不是逐张选票（ballots）的列表，无需改写。", "{path} holds no ballots list; there is nothing to rewrite."),
    "tally.closed": ("年度 {cycle} 已结束（closed），其文件不能再修改。", "Cycle {cycle} is closed; its files cannot change."),
    # -- the site: ballot counts and rules (issue 11) ------------------------------------------------
    "missing.democratic_quorum": ("民主评议无效（回收率不足）", "democratic assessment invalid (below quorum)"),
    "page.ballots.title": ("民主测评票数", "Democratic assessment ballots"),
    "page.ballots.issued": ("发出", "Issued"),
    "page.ballots.returned": ("收回", "Returned"),
    "page.ballots.valid": ("有效", "Valid"),
    "page.ballots.void": ("废票", "Void"),
    "page.ballots.rate": ("回收率", "Returned share"),
    "page.ballots.invalid_title": ("本处室民主测评无效", "This section's democratic assessment is invalid"),
    "page.ballots.invalid": (
        "收回 {returned} 张/发出 {issued} 张，回收率 {rate}，低于本年度规定的 {quorum}。本处室人员的民主测评按缺少处理，不计算综合得分和等次。",
        "{returned} of {issued} ballots came back ({rate}), below the cycle's quorum of {quorum}. The section's people lack a democratic "
        "assessment and get no composite or grade.",
    ),
    "page.ballots.none": ("本处室的计票结果未写明发出和收回票数。", "The section's count gives no numbers of ballots issued and returned."),
    "page.method.ballots": ("计票规则", "Counting the ballots"),
    "page.method.quorum": (
        "回收率：收回票数 ÷ 发出票数不得低于 {quorum}，否则该处室民主测评无效，其人员列为缺少民主测评。",
        "Quorum: returned ÷ issued ballots must be at least {quorum}; below it the section's democratic assessment is invalid "
        "and its people lack it.",
    ),
    "page.method.void_uniform": (
        "评价两人及以上、且对所有人所有项目给出同一分数的选票为废票。",
        "A ballot rating two or more people that gives every item of every person the same points is void.",
    ),
    "page.method.max_top_share": (
        "“践诺”评为最高等次（{top}，{points} 分）的人数超过该票所评人数的 {share} 的选票为废票（恰好等于不作废）。",
        "A ballot giving the top level ({top}, {points} points) on fulfilment to more than {share} of the people it rates is void "
        "(exactly that share is not).",
    ),
    "page.method.void_effect": (
        "废票不计入任何人的得分、有效票数和否决票。收回票数多于发出票数的，该处室民主测评无效。",
        "Void ballots count for nothing: not in scores, numbers of ballots or vetoes. More ballots returned than issued voids "
        "the section's assessment.",
    ),
    "page.method.no_ballot_rules": (
        "本年度未规定回收率和废票规则：收回的选票全部有效。收回票数多于发出票数的，该处室民主测评无效。",
        "This cycle sets no quorum and no void rules: every ballot returned counts. More ballots returned than issued voids "
        "the section's assessment.",
    ),
    # -- printable ballot forms, portal ballots (issue 11) ----------------------------------------
    "forms.form_title": ("民主测评票", "Democratic assessment ballot"),
    "forms.form_how": (
        "请在每位同志每一项对应的等次下打“✓”，每项只选一个等次。本票不记名：请勿在票上写姓名、编号或作任何记号，否则按废票处理。"
        "填好后折叠投入票箱。",
        "Tick one level for each person and each item. The ballot is anonymous: write no name, number or mark on it, or it is void. "
        "Fold it and put it in the ballot box.",
    ),
    "forms.form_foot": (
        "全部评为同一等次、或“践诺”评为最高等次的人数过多的选票，可能按本年度计票规则作废。",
        "A ballot that gives everyone the same level, or the top level on fulfilment to too many, may be void under the cycle's rules.",
    ),
    "forms.tally_title": ("民主测评计票单", "Democratic assessment tally sheet"),
    "forms.tally_how": (
        "开箱后先清点收回票数，按计票规则剔除废票，再逐项统计有效票中各等次的票数。每人每项各等次票数之和应等于有效票数"
        "（不评价本人时少一票）。电子版计票单（CSV/XLSX）填好后用 portal import-ballots 导入。",
        "Count the ballots returned first, set the void ones aside by the rules, then count each level on the valid ballots. "
        "Each person's counts in an item total the valid ballots (one less where people do not rate themselves). "
        "Fill in the electronic sheet (CSV/XLSX) and import it with portal import-ballots.",
    ),
    "forms.person": ("被评议人", "Person"),
    "forms.dimension": ("评议项目", "Item"),
    "forms.total": ("合计", "Total"),
    "forms.counter": ("计票人", "Counted by"),
    "forms.scrutineer": ("监票人", "Scrutineer"),
    "forms.date": ("日期", "Date"),
    "forms.done": (
        "已生成 {copies} 份测评票和计票单（{section}，{members} 人）：{path}",
        "Wrote {copies} ballot {copies|form|forms} and the tally sheet ({section}, {members} {members|person|people}) to {path}",
    ),
    "table.too_large": (
        "表格文件太大（{size}，上限 {limit}），已拒绝读取。请检查是否选错了文件。",
        "The table is too large ({size}, the limit is {limit}); it was not read. Check that this is the right file.",
    ),
    "table.old_excel": (
        "这是旧版 Excel（.xls）文件。请在 Excel/WPS 中“另存为” .xlsx 或 CSV（UTF-8）后再导入。",
        "This is an old Excel (.xls) file. Save it as .xlsx or CSV (UTF-8) in Excel/WPS, then import it.",
    ),
    "table.utf16": (
        "表格保存成了 UTF-16（“Unicode 文本”）。请另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入。",
        "The table is saved as UTF-16 ('Unicode text'). Save it as 'CSV UTF-8 (comma delimited)' or .xlsx, then import it.",
    ),
    "table.binary": (
        "这不是文本表格（文件中有二进制内容）。请导出为 CSV（UTF-8）或 .xlsx 后再导入。",
        "This is not a text table (the file holds binary data). Export it as CSV (UTF-8) or .xlsx, then import it.",
    ),
    "table.encoding": (
        "无法识别表格的编码（既不是 UTF-8 也不是 GBK）。请另存为“CSV UTF-8（逗号分隔）”后再导入。",
        "The table's encoding is neither UTF-8 nor GBK. Save it as 'CSV UTF-8 (comma delimited)', then import it.",
    ),
    "table.bad_csv": (
        "这一行的 CSV 格式有误（引号不成对，或单元格过长）。请在 Excel/WPS 中打开检查后重新导出。",
        "This line of the CSV is broken (unbalanced quotes, or a cell far too long). Open it in Excel/WPS and export it again.",
    ),
    "table.not_xlsx": (
        "文件名是 .xlsx，内容却不是 Excel 工作簿。请在 Excel/WPS 中重新“另存为” .xlsx，或导出为 CSV。",
        "The file is named .xlsx but is not an Excel workbook. Save it again as .xlsx in Excel/WPS, or export CSV.",
    ),
    "table.bad_xlsx": (
        "无法读取这个 Excel 工作簿（文件已损坏或格式不受支持）。请在 Excel/WPS 中重新“另存为” .xlsx，或导出为 CSV。",
        "This Excel workbook cannot be read (damaged or unsupported). Save it again as .xlsx in Excel/WPS, or export CSV.",
    ),
    "table.zip_bomb": (
        "这个 .xlsx 解压后过大（{size}，上限 {limit}），已拒绝读取。一份测评表格只有几 MB，请检查文件来源。",
        "This .xlsx would expand beyond the limit ({size}, the limit is {limit}) and was refused. A survey is a few MB: check where the file came from.",
    ),
    "table.too_many_rows": (
        "表格超过 {limit} 行（一行一张选票），已停止读取。请检查是否选错了文件。",
        "The table has more than {limit} rows (one per ballot); reading stopped. Check that this is the right file.",
    ),
    "table.too_many_columns": (
        "这一行超过 {limit} 列，已停止读取。请检查是否选错了文件。",
        "This row has more than {limit} columns; reading stopped. Check that this is the right file.",
    ),
    "table.cell_too_long": (
        "这个单元格超过 {limit} 个字符，不像是一项评价。请检查表格。",
        "This cell holds more than {limit} characters, which is no rating. Check the table.",
    ),
    # -- commands ----------------------------------------------------------------------
    "cli.not_a_portal": (
        "{root} 不是评议门户的根目录（没有 scorecards/ 文件夹）。请在门户根目录运行，或用 --root 指定。",
        "{root} is not a portal root (it has no scorecards/ folder). Run in the portal root or pass --root.",
    ),
    "cli.unknown_cycle": ("没有年度“{cycle}”。现有年度：{cycles}。", "There is no cycle '{cycle}'. Cycles: {cycles}."),
    "cli.invalid_portal": (
        "评分卡有错误，已停止；之前生成的内容未被改动。请先运行 portal validate 并按提示修改。",
        "The scorecards have errors; nothing was changed. Run portal validate and fix what it reports.",
    ),
    "cli.os_error": ("无法读写 {path}：{reason}", "Cannot read or write {path}: {reason}"),
    "cli.internal_error": (
        "程序内部错误（{error}）。这不是您的评分卡的问题：请把这条信息和 --debug 的输出发给门户维护人员。",
        "Internal error ({error}). This is not a fault of your scorecard: send this message and the output of --debug to the portal's maintainers.",
    ),
    "build.cycle": ("正在生成 {cycle} 年度（{people} 人）……", "Building cycle {cycle} ({people} {people|person|people})…"),
    "build.done": ("网站已生成：{path}（{seconds} 秒）。用 portal serve 预览，或把该文件夹发布到内网服务器。", "Site built in {path} ({seconds} s). Preview with portal serve, or publish the folder on the intranet server."),
    "cli.wrote": ("已写入 {path}", "Wrote {path}"),
    "cli.xlsx_needs_output": ("xlsx 格式需要用 --output 指定文件名。", "The xlsx format needs --output FILE."),
    # -- bounds and hostile files (issue 10) ------------------------------------------------
    "value.text_too_long": (
        "“{field}”太长：{size} 个字，上限 {limit} 个字。请精简，详细材料可另附。",
        "'{field}' is too long: {size} characters, the limit is {limit}. Shorten it; attach details elsewhere.",
    ),
    "value.too_many_items": (
        "“{field}”的项目太多：{size} 项，上限 {limit} 项。请合并或精简。",
        "'{field}' has too many items: {size}, the limit is {limit}. Merge or shorten them.",
    ),
    "value.goal_number": (
        "“{field}”应为 0，或 {low} 到 {high} 之间的数，现在是 {value}。",
        "'{field}' must be 0 or a number from {low} to {high}, not {value}.",
    ),
    "value.year_range": (
        "“{field}”的年份应在 {low} 年到 {high} 年之间，现在是 {value}。",
        "The year of '{field}' must be from {low} to {high}, not {value}.",
    ),
    "cli.no_such_path": ("找不到 {path}。请检查路径是否写对。", "There is no {path}. Check the path."),
    "ci.title": ("评分卡检查（{code}）", "Scorecard check ({code})"),
    "new.cycle_people": (
        "已为 {source} 年度的 {count} 人在 {folder} 建好评分卡（姓名、处室、职务已填，内容待填写）。",
        "Started {count} {count|scorecard|scorecards} in {folder} from cycle {source} (name, section and post filled in, the rest to write).",
    ),
    "new.cycle_next": (
        "下一步：1. 核对 scorecards/{cycle}/cycle.yaml 的时间和规则、org.yaml 的处室（公示日期不沿用，定下来后再在 cycle.yaml 中加 publicity）；"
        "2. 删除已调离人员的文件，新来的同志用 portal new person 添加；"
        "3. 请各人填写自己的评分卡；4. 运行 portal validate 检查，portal build 生成网站。",
        "Next: 1. check the period and rules in scorecards/{cycle}/cycle.yaml and the sections in org.yaml "
        "(the publicity dates are not carried over: add publicity to cycle.yaml once they are set); "
        "2. delete the files of people who left, add newcomers with portal new person; "
        "3. have everyone fill in their scorecard; 4. run portal validate, then portal build.",
    ),
    "demo.exists": (
        "{out} 里已经有门户（{found}），示例数据没有写入，什么也没改。请换一个空文件夹；确实要整个替换时加 --force。",
        "{out} already holds a portal ({found}); nothing was written or changed. Choose an empty folder, or add --force to replace it whole.",
    ),
    "serve.ready": (
        "预览已启动：{url}  （在浏览器中打开；保存评分卡后页面自动刷新；按 Ctrl+C 停止）",
        "Preview running at {url}  (open it in a browser; pages reload when a scorecard is saved; Ctrl+C stops it)",
    ),
    # -- editor schemas: field titles and help (issue 13) ----------------------------------
    "schema.title.about": ("所涉对象", "About"),
    "schema.help.about": ("所涉人员或处室的编号；不填表示针对整个年度。", "A person id, a section id, or absent (the whole cycle)."),
    "schema.title.account": ("代码托管平台账号", "Git host account"),
    "schema.help.account": ("可选：本人在代码托管平台（Git）上的用户名，用于 CODEOWNERS。", "Optional: the user name on the git host (for CODEOWNERS)."),
    "schema.title.actual": ("实际完成", "Actual"),
    "schema.help.actual": ("可选：实际完成的数量，0 或 0.001 到 1,000,000,000。", "Optional: what was achieved, 0 or 0.001 to 1,000,000,000."),
    "schema.title.ballot_rules": ("计票规则", "Ballot rules"),
    "schema.help.ballot_rules": ("可选：有效票、废票的认定规则（第 1.1 版）。", "Optional: how ballots are counted (v1.1)."),
    "schema.title.ballots": ("选票", "Ballots"),
    "schema.help.ballots": ("匿名选票：每张票写出所评人员编号及其四项评价。", "Anonymous ballots: each maps a person's id to their four ratings."),
    "schema.title.cap": ("否决后最高等次", "Cap"),
    "schema.help.cap": ("被否决的人员最高只能评为该等次，如 基本称职。", "The best grade a vetoed person can get."),
    "schema.title.comment": ("评语", "Comment"),
    "schema.help.comment": ("可选：评语，不超过 5,000 字。", "Optional comment, at most 5,000 characters."),
    "schema.title.commitments": ("亮承诺", "Commitments"),
    "schema.help.commitments": ("承诺事项：直接写文字，或写成 {{text, result, evidence}}；不超过 50 条。", "As text or {{text, result, evidence}}; at most 50."),
    "schema.title.compare": ("三比", "Compare"),
    "schema.help.compare": ("比学习、比工作、比贡献的事例，每项不超过 50 条。", "Evidence of learning, work and contribution; at most 50 each."),
    "schema.title.contact": ("异议受理", "Contact"),
    "schema.help.contact": ("受理异议的部门和联系方式，如 机关党委办公室 电话 6123 4567。", "Where objections go."),
    "schema.title.contribution": ("比贡献", "Contribution"),
    "schema.help.contribution": ("贡献方面。", "Contribution."),
    "schema.title.democratic": ("民主评议权重", "Democratic"),
    "schema.help.democratic": ("民主评议在综合得分中的权重（0 到 1）。", "Weight of the democratic assessment (0 to 1)."),
    "schema.title.dimensions": ("四项权重", "Dimensions"),
    "schema.help.dimensions": ("学习、工作、贡献、践诺四项在评价中的权重（0 到 1）。", "Weights of the four dimensions (0 to 1)."),
    "schema.title.end": ("结束日期", "End"),
    "schema.help.end": ("结束日期，如 2026-12-31；年份在 2000 到 2100 之间。", "Last day, e.g. 2026-12-31; the year from 2000 to 2100."),
    "schema.title.evidence": ("佐证", "Evidence"),
    "schema.help.evidence": ("可选：兑现情况的佐证，不超过 500 字。", "Optional evidence of the result, at most 500 characters."),
    "schema.title.excellent_quota": ("优秀名额比例", "Excellent quota"),
    "schema.help.excellent_quota": ("第一等次人数不超过（比例 × 评议完整人数）向下取整。", "At most floor(quota x complete people) get the first grade."),
    "schema.title.fulfilment": ("践诺", "Fulfilment"),
    "schema.help.fulfilment": ("践诺方面。", "Fulfilment."),
    "schema.title.gap_threshold": ("自评差距提示线", "Gap threshold"),
    "schema.help.gap_threshold": ("自评与民主评议相差超过该分数时提示，0 到 100。", "Self vs democratic gap that raises a flag, 0 to 100."),
    "schema.title.goals": ("亮目标", "Goals"),
    "schema.help.goals": ("目标：直接写文字，或写成 {{text, target, actual, unit}}；不超过 50 条。", "As text or {{text, target, actual, unit}}; at most 50."),
    "schema.title.grades": ("等次分数线", "Grades"),
    "schema.help.grades": ("综合得分的等次，从高到低，最后一档为 0；不超过 10 档。", "Composite bands, best first, the last at 0; at most 10."),
    "schema.title.honour_board": ("光荣榜人数", "Honour board"),
    "schema.help.honour_board": ("三比各项前 N 名的姓名向所有人公开；0 表示不显示。", "Names of the top N in each 三比 dimension, shown to everyone; 0 hides it."),
    "schema.title.id": ("编号", "Id"),
    "schema.title.cycle.checkins": ("目标检查的界线", "Check-in thresholds"),
    "schema.title.Show.id": ("目标编号", "Goal id"),
    "schema.help.Show.id": ("可选（第 1.2 版）：目标的简短编号（字母、数字、_、-），检查记录靠它找到目标；同一人的目标编号各不相同。",
                            "Optional (v1.2): a short id (letters, digits, _, -) that check-ins name the goal by; unique in the file."),
    "schema.help.cycle.checkins": ("可选（第 1.2 版）：有量化指标的目标落后于进度线多少（占目标的比例）算“进度落后”“有风险”。",
                                   "Optional (v1.2): how far behind the straight line (a share of the target) is behind or at risk."),
    "schema.title.behind": ("进度落后界线", "Behind"),
    "schema.help.behind": ("落后于进度线达到目标的该比例时为“进度落后”，默认 0.165。", "Behind from this share of the target below the line; default 0.165."),
    "schema.title.at_risk": ("有风险界线", "At risk"),
    "schema.help.at_risk": ("落后于进度线达到目标的该比例时为“有风险”，默认 0.33。", "At risk from this share of the target below the line; default 0.33."),
    "schema.title.person.checkins": ("季度/半年检查", "Check-ins"),
    "schema.help.person.checkins": ("可选（第 1.2 版）：年中各次检查，按时间先后；不超过 60 次。用 portal new checkin 添加下一次。",
                                    "Optional (v1.2): check-ins through the year, oldest first; at most 60. Add the next with portal new checkin."),
    "schema.title.date": ("检查日期", "Date"),
    "schema.help.date": ("本年度期间内的日期，晚于上一次检查，如 2026-06-30。", "A day within the period, after the check-in before, e.g. 2026-06-30."),
    "schema.title.progress": ("完成数", "Progress"),
    "schema.help.progress": ("有量化指标的目标至今的完成数，按目标编号填写，如 {{wengao: 15}}。", "What is done so far of each measurable goal, by goal id, e.g. {{wengao: 15}}."),
    "schema.title.Checkin.status": ("状态", "Status"),
    "schema.help.Checkin.status": ("无量化指标的目标的状态，按目标编号：on_track 正常推进、behind 进度落后、at_risk 有风险、done 已完成。",
                                  "Each goal without a target, by goal id: on_track, behind, at_risk or done."),
    "schema.title.note": ("说明", "Note"),
    "schema.help.note": ("可选：本期进展的说明，不超过 500 字。", "Optional: a word on the period's progress, at most 500 characters."),
    "schema.help.id": ("编号，与文件名相同，历年不变。", "Must equal the file name; stable across cycles."),
    "schema.title.issued": ("发出票数", "Issued"),
    "schema.help.issued": ("可选（第 1.1 版）：发出的选票张数。", "Optional (v1.1): ballots handed out."),
    "schema.title.leader": ("分管领导", "Leader"),
    "schema.help.leader": ("分管该处室的领导姓名。", "The leader in charge."),
    "schema.title.leader_account": ("分管领导账号", "Leader account"),
    "schema.help.leader_account": ("可选：分管领导在代码托管平台上的用户名，用于 CODEOWNERS。", "Optional: the leader's user name on the git host."),
    "schema.title.learning": ("比学习", "Learning"),
    "schema.help.learning": ("学习方面。", "Learning."),
    "schema.title.level": ("否决等次", "Level"),
    "schema.help.level": ("民主评议“践诺”一项被评为该等次的票达到比例时否决，如 差。", "The scale level that counts against a person, e.g. 差."),
    "schema.title.max_top_share": ("最高等次比例上限", "Max top share"),
    "schema.help.max_top_share": ("一张票给过多人员“践诺”最高等次时作废：超过该比例即废票。", "A ballot giving the top level to more than this share of the people it names is void."),
    "schema.title.min": ("分数线", "Minimum"),
    "schema.help.min": ("达到该等次的最低综合得分，0 到 100。", "Lowest composite that reaches this grade, 0 to 100."),
    "schema.title.min_raters": ("最少票数", "Minimum raters"),
    "schema.help.min_raters": ("民主评议至少需要的有效票数，1 到 10,000。", "Democratic results need at least this many ballots, 1 to 10,000."),
    "schema.title.name": ("名称", "Name"),
    "schema.help.name": ("名称，不超过 50 字。", "Name, at most 50 characters."),
    "schema.title.organisers": ("组织者账号", "Organisers"),
    "schema.help.organisers": ("可选：组织者在代码托管平台上的用户名，可审批任何文件；不超过 100 个。", "Optional: organisers' user names on the git host; at most 100."),
    "schema.title.maintainers": ("维护人员账号", "Maintainers"),
    "schema.help.maintainers": (
        "可选：门户维护人员在代码托管平台上的用户名，可修改评分卡以外的文件（网站、程序、CI），不能修改评分卡；不超过 100 个。",
        "Optional: the portal maintainers' user names on the git host; they may change files outside the scorecards (site, generator, CI), never a scorecard; at most 100.",
    ),
    "schema.title.organizational": ("组织考评权重", "Organizational"),
    "schema.help.organizational": ("组织考评在综合得分中的权重（0 到 1）。", "Weight of the organisational review (0 to 1)."),
    "schema.title.people": ("人员评价", "People"),
    "schema.help.people": ("按人员编号写出的四项评价和评语。", "Ratings and comment by person id."),
    "schema.title.period": ("评议期间", "Period"),
    "schema.help.period": ("本年度的起止日期。", "The cycle's first and last day."),
    "schema.title.post": ("职务", "Post"),
    "schema.help.post": ("职务，如 一级主任科员，不超过 50 字。", "The post, at most 50 characters."),
    "schema.title.publicity": ("公示", "Publicity"),
    "schema.help.publicity": ("可选：优秀人选的公示期和异议受理方式。", "Optional: the 公示 of the proposed first-grade list."),
    "schema.title.publish": ("公开范围", "Publish"),
    "schema.help.publish": ("可选：结果向谁公开、光荣榜人数。", "Optional: who reads the results, the honour board."),
    "schema.title.quorum": ("最低收回比例", "Quorum"),
    "schema.help.quorum": ("收回票数占发出票数的比例不得低于此值，否则该处室民主评议无效。", "Returned / issued ballots must be at least this share."),
    "schema.title.received": ("收到日期", "Received"),
    "schema.help.received": ("收到异议的日期。", "The day the objection came in."),
    "schema.title.resolution": ("处理结果", "Resolution"),
    "schema.help.resolution": ("处理结论：状态不是 open 时必填（只向组织者显示）。", "How it was decided: required unless open."),
    "schema.title.result": ("兑现情况", "Result"),
    "schema.help.result": ("kept（已兑现）、partly（部分兑现）或 missed（未兑现）。", "kept, partly or missed."),
    "schema.title.results": ("结果公开范围", "Results"),
    "schema.help.results": ("restricted（默认：本人、组织者和分管领导凭个人代码查看）或 everyone（所有读者）。", "restricted (default) or everyone."),
    "schema.title.returned": ("收回票数", "Returned"),
    "schema.help.returned": ("可选（第 1.1 版）：收回的选票张数。", "Optional (v1.1): ballots that came back."),
    "schema.title.reviewer": ("考评人", "Reviewer"),
    "schema.help.reviewer": ("组织考评人的姓名，不超过 50 字。", "Who wrote the review, at most 50 characters."),
    "schema.title.scale": ("评价等次", "Scale"),
    "schema.help.scale": ("评价等次及其分值（0 到 100），从好到差排列；不超过 10 档。", "Rating levels and their points (0 to 100), best first; at most 10."),
    "schema.title.score": ("评价", "Score"),
    "schema.help.score": ("等次名称（如 好），或 0 到 100 的分数。", "A level of the scale, or a number from 0 to 100."),
    "schema.title.scores": ("自评", "Scores"),
    "schema.help.scores": ("学习、工作、贡献、践诺四项自评：等次名称或 0 到 100 的分数。", "The four self-ratings: a level or 0 to 100."),
    "schema.title.section": ("处室", "Section"),
    "schema.help.section": ("处室编号，须是 org.yaml 中列出的。", "A section id from org.yaml."),
    "schema.title.section_review": ("处室整体评价", "Section review"),
    "schema.help.section_review": ("可选：对处室的整体评价和评语。", "Optional: the review of the whole section."),
    "schema.title.sections": ("处室", "Sections"),
    "schema.help.sections": ("本单位的处室，不超过 5,000 个。", "The unit's sections, at most 5,000."),
    "schema.title.self": ("自评", "Self"),
    "schema.help.self": ("可选：本人的四项自评和总结；未提交时不写。", "Optional: the self-assessment."),
    "schema.title.share": ("否决比例", "Share"),
    "schema.help.share": ("达到该比例（0 到 1）即否决。", "Share of ballots (0 to 1) that triggers the veto."),
    "schema.title.show": ("三亮", "Show"),
    "schema.help.show": ("亮标准、亮目标、亮承诺。", "Standards, goals and commitments."),
    "schema.title.standards": ("亮标准", "Standards"),
    "schema.help.standards": ("工作标准，每条不超过 500 字，不超过 50 条。", "Work standards, at most 50 of at most 500 characters."),
    "schema.title.start": ("开始日期", "Start"),
    "schema.help.start": ("开始日期，如 2026-01-01；年份在 2000 到 2100 之间。", "First day, e.g. 2026-01-01; the year from 2000 to 2100."),
    "schema.title.status": ("状态", "Status"),
    "schema.help.status": ("状态。", "Status."),
    "schema.title.summary": ("总结", "Summary"),
    "schema.help.summary": ("总结，不超过 5,000 字。", "Summary, at most 5,000 characters."),
    "schema.title.tallies": ("计票结果", "Tallies"),
    "schema.help.tallies": ("纸质选票的计票：人员 → 四项 → 等次 → 票数（每项不超过 100,000）。", "Counts from paper ballots: person -> dimension -> level -> ballots."),
    "schema.title.target": ("目标值", "Target"),
    "schema.help.target": ("可选：可衡量的目标值，0 或 0.001 到 1,000,000,000。", "Optional measurable target, 0 or 0.001 to 1,000,000,000."),
    "schema.title.text": ("内容", "Text"),
    "schema.help.text": ("内容，不超过 500 字。", "The text, at most 500 characters."),
    "schema.title.title": ("年度标题", "Title"),
    "schema.help.title": ("在网站和版本选择中显示的标题，不超过 100 字。", "Shown in the site and the version selector, at most 100 characters."),
    "schema.title.unit": ("单位", "Unit"),
    "schema.help.unit": ("可选：目标值和实际完成的单位，如 篇，不超过 20 字。", "Optional unit, e.g. 篇, at most 20 characters."),
    "schema.title.veto": ("一票否决", "Veto"),
    "schema.help.veto": ("可选：民主评议“践诺”一项的否决条件。", "Optional: the veto on fulfilment."),
    "schema.title.void": ("废票数", "Void"),
    "schema.help.void": ("可选（第 1.1 版）：计票时作废的选票张数。", "Optional (v1.1): ballots voided at the count."),
    "schema.title.void_uniform": ("雷同票作废", "Void uniform"),
    "schema.help.void_uniform": ("一张票评了至少 2 人且所有人所有项分值都相同时作废。", "A ballot giving everyone the same points on every dimension is void."),
    "schema.title.weights": ("三评权重", "Weights"),
    "schema.help.weights": ("自评、民主评议、组织考评在综合得分中的权重（0 到 1）。", "Weights of the three assessments (0 to 1)."),
    "schema.title.work": ("比工作", "Work"),
    "schema.help.work": ("工作方面。", "Work."),
    "schema.title.cycle.status": ("年度状态", "Status"),
    "schema.help.cycle.status": ("open：正在收集评分卡；closed：已结束，不再改动。", "open while collecting; closed freezes the cycle."),
    "schema.title.objection.status": ("处理状态", "Status"),
    "schema.help.objection.status": ("open（核查中）、upheld（成立）或 dismissed（不成立）。", "open, upheld or dismissed."),
    "schema.title.objection.summary": ("异议内容", "Summary"),
    "schema.help.objection.summary": ("异议的内容（只向组织者显示）。", "What the objection says (organisers only)."),
    "schema.title.person.name": ("姓名", "Name"),
    "schema.help.person.name": ("姓名，不超过 50 字。", "The person's name, at most 50 characters."),
    "schema.title.person.section": ("所在处室", "Section"),
    "schema.help.person.section": ("处室编号，须是 org.yaml 中列出的。", "A section id from org.yaml."),
    "schema.title.Section.name": ("处室名称", "Name"),
    "schema.help.Section.name": ("处室名称，如 秘书处，不超过 50 字。", "The section's name, at most 50 characters."),
    "schema.title.Section.id": ("处室编号", "Id"),
    "schema.help.Section.id": ("处室的简短编号（字母），用于文件名。", "Short id of the section, used in file names."),
    "schema.title.org.name": ("单位名称", "Name"),
    "schema.help.org.name": ("单位名称，显示在网站标题中，不超过 100 字。", "The unit, at most 100 characters."),
    "schema.title.GradeBand.name": ("等次名称", "Name"),
    "schema.help.GradeBand.name": ("等次名称，如 优秀，不超过 50 字。", "Name of the grade, e.g. 优秀."),
    "schema.title.democratic.section": ("处室", "Section"),
    "schema.help.democratic.section": ("本文件所属处室的编号。", "The section of this file."),
    "schema.title.organizational.section": ("处室", "Section"),
    "schema.help.organizational.section": ("本文件所属处室的编号。", "The section of this file."),
    "schema.title.Publicity.start": ("公示开始", "Start"),
    "schema.help.Publicity.start": ("公示第一天。", "First day of the 公示."),
    "schema.title.Publicity.end": ("公示结束", "End"),
    "schema.help.Publicity.end": ("公示最后一天。", "Last day of the 公示."),
    "schema.title.SelfAssessment.summary": ("自评总结", "Summary"),
    "schema.help.SelfAssessment.summary": ("可选：自评总结，不超过 5,000 字。", "Optional summary, at most 5,000 characters."),
    "schema.title.Weights.self": ("自评权重", "Self"),
    "schema.help.Weights.self": ("自评在综合得分中的权重（0 到 1）。", "Weight of the self-assessment (0 to 1)."),
    "schema.def.BallotRatings": ("一张选票对一人的评价", "One ballot's ratings of one person"),
    "schema.def.BallotRules": ("计票规则", "Ballot rules"),
    "schema.def.Checkin": ("一次检查", "A check-in"),
    "schema.def.CheckinThresholds": ("目标检查的界线", "Check-in thresholds"),
    "schema.def.CompareEvidence": ("三比事例", "Compare evidence"),
    "schema.def.DimensionWeights": ("四项权重", "Dimension weights"),
    "schema.def.GradeBand": ("等次", "Grade"),
    "schema.def.Period": ("评议期间", "Period"),
    "schema.def.PersonReview": ("对个人的组织考评", "Review of a person"),
    "schema.def.Publicity": ("公示", "Publicity"),
    "schema.def.Publish": ("公开范围", "Publish"),
    "schema.def.Ratings": ("四项评价", "Ratings"),
    "schema.def.Section": ("处室", "Section"),
    "schema.def.SectionReview": ("处室整体评价", "Section review"),
    "schema.def.SelfAssessment": ("自评", "Self-assessment"),
    "schema.def.Show": ("三亮", "Show"),
    "schema.def.TallyCounts": ("一人的计票", "Tally of one person"),
    "schema.def.Veto": ("一票否决", "Veto"),
    "schema.def.Weights": ("三评权重", "Weights"),
    "file.more_problems": (
        "此文件还有 {more} 个问题未列出（只列出前 {shown} 个）。请先改正上面的问题，再运行 portal validate。",
        "{more} more problems in this file are not listed (only the first {shown}). Fix the ones above, then run portal validate again.",
    ),
    "file.control_char": (
        "第 {line} 行有不可见的控制字符（{char}），YAML 不允许。请删除它（常见于从其他软件复制粘贴的文字）。",
        "Line {line} holds an invisible control character ({char}), which YAML does not allow. Delete it (it often comes with text pasted from other programs).",
    ),
    # -- build cache and search (issue 14) ---------------------------------------------
    "search.placeholder": ("搜索姓名、标准、目标、承诺……", "Search names, standards, goals, commitments…"),
    "search.missing": ("找不到搜索索引程序 Pagefind。请安装：pip install pagefind-bin-extended（或在门户仓库中 pip install -e .）。之前生成的网站未被改动。",
                       "Pagefind (the search indexer) is not installed: pip install pagefind-bin-extended (or pip install -e . in the portal's repository). The previous site is untouched."),
    "search.no_pages": (
        "生成搜索索引时，{folder} 中找不到任何应收入索引的网页（例如 {pages}），没有交给 Pagefind。之前生成的网站未被改动；请重新运行 portal build，如仍出现请把这条信息发给门户维护人员。",
        "No page to index was found in {folder} (for example {pages}), so Pagefind was not run. The site built before is unchanged; run portal build again, and if this recurs, send this message to the portal's maintainers.",
    ),
    "search.failed": ("生成搜索索引（Pagefind）失败，之前生成的网站未被改动。Pagefind 的输出：{reason}",
                      "Building the search index (Pagefind) failed; the previous site is untouched. Pagefind said: {reason}"),
    "build.reused": ("{cycle} 年度（{people} 人）未改动，沿用上次生成的结果。", "Cycle {cycle} ({people} {people|person|people}) unchanged: reused from the last build."),
    # -- build cache: only the changed pages (issue 14) -------------------------------------------
    "build.pages": ("  生成 {cycle} 年度的 {pages} 个网页", "  Writing the {pages} pages of {cycle}"),
    "build.search": ("  正在为 {cycle} 年度建立搜索索引……", "  Indexing {cycle} for search…"),
    "build.partial": ("{cycle} 年度：其余页面未改动，只重新生成了改动的 {changed} 个页面（共 {pages} 个）。",
                      "Cycle {cycle}: only the {changed} changed pages (of {pages}) were rebuilt; the rest came from the last build."),
    # -- build cache red team: links in the generator's folders ----------------------------------
    "work.symlink": ("{path} 是符号链接。.portal/ 是生成器的工作文件夹，只应由 portal 自己创建（它可能来自他人提交的文件），"
                     "通过链接读写可能改动或删除别处的文件，所以本次没有读写其中任何内容。请删除整个 .portal/ 文件夹"
                     "（删除总是安全的，下次完整生成）后重新运行。",
                     "{path} is a symbolic link. .portal/ is the generator's work folder, made by portal alone (this one may come "
                     "from someone's commit); reading or writing through a link could change or delete files elsewhere, so nothing "
                     "in it was touched. Delete the whole .portal/ folder (always safe: the next build is a full one) and run again."),
    "build.waiting": ("这个门户正在进行另一次生成（portal build）：等它结束后再开始。", "Another build of this portal is running: waiting for it to end."),
    "codes.symlink": ("{path} 是符号链接：查询码会被写到它指向的地方（可能是会发布的文件夹），所以没有生成。请删除这个链接后重新运行，"
                      "或用 --out 指定一个文件夹。",
                      "{path} is a symbolic link: the codes would be written where it points (perhaps a folder that gets published), "
                      "so none were written. Remove the link and run again, or name a folder with --out."),
    "build.site_symlink": ("{path} 是符号链接。site/ 只应由 portal build 生成；保留旧版本时复制它会把链接指向的文件带进网站，所以已停止，"
                           "网站未被改动。请删除 site/ 文件夹后不带 --cycle 重新生成全部年度。",
                           "{path} is a symbolic link. site/ is made by portal build alone; keeping that version would copy the files "
                           "it points to into the site, so the build stopped and the site is unchanged. Delete site/ and build "
                           "every cycle again (without --cycle)."),
    # -- preview search, validate summary of a file or cycle (gaps) -------------------------------
    "serve.search_failed": ("预览的搜索索引没有生成，页面照常预览，只是没有搜索框。原因：{reason}",
                            "The preview's search index was not made; pages preview as usual, without the search box. Reason: {reason}"),
    # -- pages: edit links, 三评 gaps, section trends, English build (issue 10 §4, issue 13) ---------
    "page.person.edit": ("在网页上直接编辑", "Edit on the web"),
    # punctuation between the words of a page: Chinese full-width, English half-width (no "Post：… section：")
    "punct.colon": ("：", ": "),
    "punct.gap": ("　", " · "),
    "punct.list": ("、", ", "),
    "punct.semicolon": ("；", "; "),
    "punct.open": ("（", " ("),
    "punct.close": ("）", ")"),
    "page.section.history_chart": ("历年组织考评得分", "Review score by cycle"),
    "page.section.mean_composite": ("平均综合得分", "Mean composite"),
    "page.section.gaps_title": ("自评与民主测评", "Self and democratic assessment"),
    "page.section.gaps_intro": ("每人的自评加权总分与民主测评加权总分；右侧数字为自评减民主测评，相差达到 {gap} 分（自评偏高或偏低）的以红线标出。"
                                "民主测评人数不足、不公布得分的人员不列入。",
                                "Each person's self overall beside their democratic overall; the number at the right is self minus "
                                "democratic, in red where they differ by {gap} or more (self-rating high or low). People whose democratic scores are not "
                                "published (too few raters) are left out."),
    "page.section.gaps": ("自评与民主测评（相差达到 {gap} 分标红）", "Self vs democratic (red: {gap} or more apart)"),
    "build.edit_url_invalid": ("{file}：extra.portal.edit_url 的值 {value} 不是网址。请写成代码托管平台网页编辑器的地址，如 "
                               "https://git.example/org/portal/-/edit/main/，或删去这一项（不显示编辑链接）。",
                               "{file}: extra.portal.edit_url {value} is not an address. Write the git host's web-editor address, "
                               "e.g. https://git.example/org/portal/-/edit/main/, or remove it (no edit links)."),
    # -- restricted files at rest (contract v1.2; pipeline/vault.py, workflow/sealed_files.py) ------------
    "schema.recipients": ("受限文件的读者公钥 scorecards/recipients.yaml", "Readers' public keys scorecards/recipients.yaml"),
    "schema.title.build": ("受保护分支构建的公钥", "The protected branch's build key"),
    "schema.help.build": ("受保护分支构建用的 age 公钥（age1…）；对应的私钥只存在 CI 的受保护环境里（PORTAL_AGE_KEY）。",
                          "The age public key (age1…) of the protected branch's build; its private key lives only in the CI's protected environment (PORTAL_AGE_KEY)."),
    "schema.title.accounts": ("各账号的公钥", "Public keys by account"),
    "schema.help.accounts": ("组织者、处室领导的账号 → 其 age 公钥（由本人用 portal keys new 生成）。",
                             "Organisers' and leaders' accounts -> their age public keys (each made with portal keys new)."),
    "recipients.bad_key": ("“{value}”不是 age 公钥。公钥以 age1 开头，由本人运行 portal keys new 得到；请原样复制整行。",
                           "'{value}' is not an age public key. A public key starts with age1 and comes from portal keys new; copy the whole line."),
    "vault.key_unreadable": ("读不到密钥文件 {path}。请检查路径（PORTAL_AGE_KEY_FILE）和文件权限。",
                             "The key file {path} cannot be read. Check the path (PORTAL_AGE_KEY_FILE) and its permissions."),
    "vault.bad_key": ("{source} 里没有可用的私钥（应为以 AGE-SECRET-KEY-1 开头的一行）。请检查是否复制完整，或用 portal keys new 重新生成。",
                      "{source} holds no usable private key (a line starting AGE-SECRET-KEY-1). Check it was copied whole, or make one with portal keys new."),
    "vault.not_sealed": ("这个以 .age 结尾的文件不是加密文件（可能被当作普通文本编辑过）。请用 portal sealed edit 修改受限文件，不要直接编辑 .age 文件。",
                         "This .age file is not sealed (it may have been edited as text). Change restricted files with portal sealed edit, never the .age file itself."),
    "vault.both_forms": ("“{name}”与“{other}”是同一文件的明文和加密两种形式。受限文件只保留加密形式：运行 portal sealed seal，或删除明文文件。",
                         "'{name}' and '{other}' are the clear and sealed forms of one file. Keep only the sealed one: run portal sealed seal, or delete the clear file."),
    "vault.results_need_key": ("计算评议结果需要打开受限文件，但有 {count} 个文件（如 {example}）本机的密钥打不开。"
                               "请设置 PORTAL_AGE_KEY_FILE（或 PORTAL_AGE_KEY）为能打开它们的私钥：组织者用自己的密钥，"
                               "受保护分支的构建用 CI 受保护环境中的密钥；示例门户用 demo-keys/ 中的演示密钥。",
                               "Results need the restricted files, but {count} of them (e.g. {example}) do not open with this machine's key. "
                               "Set PORTAL_AGE_KEY_FILE (or PORTAL_AGE_KEY) to a key that opens them: an organiser's own, or the build key "
                               "from the CI's protected environment; the sample uses the demo key in demo-keys/."),
    "vault.unopened_notice": ("另有 {count} 个受限文件已加密，本次未打开（没有能打开它们的密钥）：它们的内容由组织者修改时（portal sealed edit）"
                              "和受保护分支构建时检查。",
                              "{count} more restricted file(s) are sealed and were not opened (no key opens them): their content is checked "
                              "when organisers edit them (portal sealed edit) and when the protected branch builds."),
    "vault.preview_without_key": ("提示：受限文件未打开（没有密钥），预览中的评议结果不完整；公开内容照常显示。",
                                  "Note: the restricted files were not opened (no key), so the preview's results are incomplete; public pages are as usual."),
    "sealed.not_restricted": ("{path} 不是受限文件。受限文件位于某一年度的 {folders} 文件夹，如 scorecards/2026/democratic/mishu.yaml。",
                              "{path} is not a restricted file. Restricted files lie in a cycle's {folders} folders, e.g. scorecards/2026/democratic/mishu.yaml."),
    "vault.no_recipients": ("还没有 {file}，无法加密保存 {path}：受限文件只为登记了公钥的读者加密。请组织者先建立该文件"
                            "（写入受保护分支构建的公钥 build 和组织者的公钥，见使用说明“受限文件与密钥”），没有写入任何文件。",
                            "There is no {file} yet, so {path} cannot be sealed: restricted files are sealed for the readers listed there. "
                            "The organisers create it first (the build key and their own keys; see the guide's page on keys). Nothing was written."),
    "sealed.no_readers": ("{path} 没有任何读者的公钥：请在 {file} 中写入受保护分支构建的公钥（build）和组织者的公钥，再重试。",
                          "{path} has no reader with a public key: add the build key (build) and the organisers' keys to {file}, then try again."),
    "sealed.cannot_open": ("本机的密钥打不开 {path}：你不是它的读者，或没有设置密钥（PORTAL_AGE_KEY_FILE）。读者名单见 scorecards/recipients.yaml。",
                           "This machine's key does not open {path}: you are not one of its readers, or no key is set (PORTAL_AGE_KEY_FILE). Readers: scorecards/recipients.yaml."),
    "sealed.show_unopened": ("（已加密的受限文件：你的密钥打不开它。密文摘要 {digest}）",
                             "(a sealed restricted file: your key does not open it. Digest of the sealed bytes {digest})"),
    "sealed.ballots_list": ("{section} 的民主测评写的是逐张选票（ballots）。逐张选票能看出谁投了哪一张，不再保存：请改为计票结果（tallies），"
                            "或用 portal import-ballots 从计票单导入。",
                            "The ballots of {section} are a list of single ballots, which tells who cast each one and is no longer kept: "
                            "write tallies instead, or import the tally sheet with portal import-ballots."),
    "sealed.skeleton_comment": ("受限文件（{folder}）：只有读者能打开。写法见站点“使用说明”。", "Restricted file ({folder}): only its readers open it. See the site's guide."),
    "sealed.seal_refused": ("有上面这些问题，没有加密任何文件。改正后重新运行 portal sealed seal。",
                            "Because of the problems above, no file was sealed. Fix them and run portal sealed seal again."),
    "sealed.rekey_closed": ("{cycle} 已结束（closed），其文件不再改动，也不重新加密。", "{cycle} is closed: its files never change, and are not sealed again."),
    "sealed.rekey_unopened": ("有 {count} 个文件本机的密钥打不开，未重新加密：{paths}。请由能打开它们的组织者运行。",
                              "{count} file(s) do not open with this machine's key and were not sealed again: {paths}. An organiser who reads them must run it."),
    "sealed.edit_again": ("有错误，文件没有加密保存。重新编辑吗？", "There are errors; nothing was sealed. Edit again?"),
    "sealed.kept_draft": ("{path} 有错误，没有保存。你的修改保存在 {draft}（只有你能读）：改正后运行 portal sealed edit {path} --from {draft}。",
                          "{path} has errors and was not saved. Your edit is kept in {draft} (readable by you only): fix it and run "
                          "portal sealed edit {path} --from {draft}."),
    "sealed.unchanged": ("{path} 没有改动。", "{path} is unchanged."),
    "sealed.sealed": ("已加密保存 {path}（{readers} 把读者公钥）。", "Sealed {path} for {readers} reader key(s)."),
    "sealed.resealed": ("已按当前读者重新加密 {path}。", "Sealed {path} again for today's readers."),
    "sealed.seal_done": ("共加密 {count} 个文件，明文文件已删除。请提交 .age 文件。", "Sealed {count} file(s); their clear forms are removed. Commit the .age files."),
    "sealed.readers_without_key": ("这些读者还没有公钥，暂时打不开：{accounts}。请他们运行 portal keys new，把公钥交给组织者写入 scorecards/recipients.yaml，"
                                   "再运行 portal sealed rekey。",
                                   "These readers have no public key yet and cannot open it: {accounts}. Ask them to run portal keys new and give the "
                                   "public key to the organisers for scorecards/recipients.yaml, then run portal sealed rekey."),
    "sealed.git_ready": ("已设置：{attributes} 指定加密文件用 {driver} 比较，本机 git diff / git log -p 会显示你能打开的文件的明文。",
                         "Done: {attributes} names the {driver} diff driver; git diff and git log -p in this clone show the clear text of files you can open."),
    "keys.wrote": ("私钥已写入 {path}（只有你能读，切勿提交或外传）。\n你的公钥：{public}\n请把公钥交给组织者，写入 scorecards/recipients.yaml。",
                   "Your private key is in {path} (readable by you only; never commit or share it).\nYour public key: {public}\n"
                   "Give the public key to the organisers for scorecards/recipients.yaml."),
    "keys.inside_repository": ("{path} 在代码仓库 {folder} 里面：私钥不能放在仓库中（会被提交）。请换一个位置，或不写 --out。",
                               "{path} lies inside the repository {folder}: a private key there could be committed. Choose another place, or leave out --out."),
    "keys.exists": ("{path} 已有密钥，没有覆盖。确需更换请加 --force（只为旧密钥加密的文件你将打不开）。",
                    "{path} already holds a key; it was not replaced. Add --force to replace it (files sealed only for the old key will not open for you)."),
    # -- the command line's help (`portal --help`, `portal COMMAND --help`): help.<command>[.<option>],
    # help.option.<option> for an option several commands share; Click's own words: click.* (their English is Click's text)
    "help.portal": ("评议门户：三亮三比三评评分卡 -> 按年度分版本的内网网站。用 portal 命令 --help 查看各命令的说明。",
                    "The evaluation portal: 三亮三比三评 scorecards -> a versioned intranet site. portal COMMAND --help tells more."),
    "help.option.lang": ("提示信息和生成网站的语言（默认中文，或取 $PORTAL_LANG）；可写在命令前或命令后。",
                         "Language of messages and of the built site (default: zh, or $PORTAL_LANG); before or after the command."),
    "help.option.debug": ("出错时显示 Python 的调用栈（供开发者排查），而不是简明的错误说明。",
                          "Show tracebacks instead of plain error messages (for developers)."),
    "help.option.root": ("门户根目录（包含 scorecards/ 的文件夹）。", "The portal root (the folder holding scorecards/)."),
    "help.option.cycle_id": ("年度（文件夹名）；默认最新的年度。", "The cycle (folder name); default: the newest."),
    "help.option.secret_file": ("存放密钥的文件（portal secret new 写出的），个人查询码由它算出（否则取 $PORTAL_SECRET）。不要把它放进仓库。",
                                "A file holding the secret the personal codes derive from (else $PORTAL_SECRET), as `portal secret new` "
                                "writes it. Keep it out of the repository."),
    "help.secret": ("组织者的密钥：个人查询码和加密的结果都由它算出（保存在仓库之外）。",
                    "The organisers' secret that personal codes and sealed results derive from (kept outside the repository)."),
    "help.secret new": ("把一个新的随机密钥（256 位）写入仓库之外、只有您本人能读的文件（权限 600）。",
                        "Write a new random secret (256 bits) to a file outside the repository, readable by you alone (mode 600)."),
    "help.secret new.out": ("要写入的文件；默认 ~/.config/evaluation-portal/portal-secret（设置了 $XDG_CONFIG_HOME 时在其下）。",
                            "The file to write; default: ~/.config/evaluation-portal/portal-secret ($XDG_CONFIG_HOME if set)."),
    "help.secret new.force": ("替换已有的密钥（由旧密钥算出的查询码随之失效）。",
                              "Replace a secret already there (the codes made from it stop working)."),
    "help.option.issued": ("发出的测评票数，用于计算回收率和是否达到法定回收比例。", "Ballots handed out (发出票数), for the quorum and the 回收率."),
    "help.validate": ("检查每个年度的每个评分卡，列出全部问题及修改方法。\n\nPATH 可以是门户根目录、某个年度的文件夹或一个文件：单个文件在其年度中检查，"
                      "只列出它的问题（以及该年度 cycle.yaml 和 org.yaml 的问题）。",
                      "Check every scorecard of every cycle and list all problems with their fixes.\n\nPATH may be the portal root, "
                      "a cycle folder or one file: a file is checked in the context of its cycle, and only its problems (and those of "
                      "the cycle's cycle.yaml and org.yaml) are listed."),
    "help.validate.fmt": ("text：逐行“路径:行:列: 说明”；json：问题列表 {{path, line, column, severity, code, message}}；github：工作流命令"
                          "（在合并请求的对应行上标注）；gitlab：代码质量报告。",
                          "text: path:line:column: message lines; json: a list of {{path, line, column, severity, code, message}}; "
                          "github: workflow commands (annotations on the pull request's lines); gitlab: a Code Quality report."),
    "help.validate.strict": ("把提示也当作错误（有提示时退出码为 1）。", "Treat warnings as errors (exit 1 on a warning)."),
    "help.schema": ("为使用 YAML 语言服务器的编辑器写出评分卡文件的 JSON Schema。\n\nscorecards/schemas/ 中是适用于任何评分等次的 Schema；"
                    "每个进行中的年度在 scorecards/<年度>/.schemas/ 中另有一套，认得该年度的等次（已结束的年度不再改动，保留原有的）。",
                    "Write JSON Schemas of the scorecard files, for editors with the YAML language server.\n\nscorecards/schemas/ gets "
                    "the schemas for any scale; each open cycle gets its own in scorecards/<cycle>/.schemas/, which know its levels "
                    "(closed cycles are frozen and keep theirs)."),
    "help.schema.out": ("只把适用于任何等次的 Schema 写入这个文件夹（默认写 scorecards/schemas 和每个进行中年度的 .schemas）。",
                        "Write only the schemas for any scale, into this folder (default: scorecards/schemas and each open cycle's .schemas)."),
    "help.results": ("一个年度的得分、等次和排名：数据约定（docs/contract.md）规定的 JSON，或 CSV/XLSX 表格。",
                     "Scores, grades and ranks of one cycle, as the contract's JSON (docs/contract.md), or CSV/XLSX."),
    "help.results.fmt": ("输出格式：json、csv 或 xlsx（xlsx 需要 --output）。", "The format: json, csv or xlsx (xlsx needs --output)."),
    "help.results.output": ("写入这个文件，而不是输出到屏幕。", "Write to this file instead of stdout."),
    "help.results.sections": ("输出处室表，而不是人员表。", "The section table instead of the people."),
    "help.codes": ("一个年度每位人员、组织者和分管领导的个人查询码：一个表格和一页可打印、裁开发放的查询码条。",
                   "Every person's, organiser's and leader's personal code of a cycle: a CSV and a page of slips to print and cut."),
    "help.codes.out": ("写入 codes-<年度>.csv 和 slips-<年度>.html 的文件夹；默认门户根目录下的 codes/（git 已忽略）。",
                       "Where to write codes-<cycle>.csv and slips-<cycle>.html; default: codes/ in the portal root (git-ignored)."),
    "help.codes.site": ("印在查询码条上的网站地址；默认 mkdocs.yml 的 site_url 加年度（<site_url><年度>/）。",
                        "The site's address printed on the slips; default: mkdocs.yml's site_url and the cycle (<site_url><cycle>/)."),
    "help.build": ("生成网站：每个年度一个版本（site/<年度>/）、versions.json 和 latest。\n\n受限的结果用由密钥（$PORTAL_SECRET 或 --secret-file）"
                   "算出的个人查询码加密；没有密钥时只生成公开内容。",
                   "Build the site: one version per cycle in site/<cycle>/, versions.json, latest.\n\nRestricted results are sealed with "
                   "the personal codes derived from the secret ($PORTAL_SECRET or --secret-file); without a secret only the public "
                   "view is built."),
    "help.build.cycle_ids": ("只生成这个年度（可重复）；其他年度保持不变。", "Build only this cycle (repeatable); others stay as they are."),
    "help.build.force": ("重新生成所选的每个年度，即使它自上次生成后没有变化。", "Rebuild every chosen cycle, even those unchanged since the last build."),
    "help.serve": ("一个年度的实时预览：评分卡、模板或说明页保存后自动重新生成。",
                   "Live preview of one cycle that rebuilds when a scorecard, template or content page changes."),
    "help.serve.cycle_id": ("要预览的年度；默认最新的年度。", "The cycle to preview; default: the newest."),
    "help.serve.address": ("预览服务的 主机:端口。", "host:port to serve on."),
    "help.check-changes": ("检查一个合并请求：谁可以改什么、已结束的年度不可改、一次只改一个人的评分卡、改后仍然有效。",
                           "Check a pull request: who may change what, closed cycles frozen, one person per change, still valid."),
    "help.check-changes.base": ("改动要合并进去的分支或提交，如 origin/main。", "The branch or commit the change will merge into, e.g. origin/main."),
    "help.check-changes.authors": ("作者在代码托管平台上的账号（可重复：每个都须有权限）；默认取 $GITHUB_ACTOR、$GITEA_ACTOR 或 $GITLAB_USER_LOGIN。",
                                   "The author's account on the git host (repeatable: each must be allowed); default: "
                                   "$GITHUB_ACTOR, $GITEA_ACTOR or $GITLAB_USER_LOGIN."),
    "help.check-changes.fmt": ("github：工作流命令，每条拒绝理由标注在合并请求的对应文件上；gitlab：代码质量报告。",
                               "github: workflow commands, so each refusal annotates its file in the pull request; gitlab: a Code Quality report."),
    "help.codeowners": ("写出 CODEOWNERS：文件所在行上的任何一位负责人都可以批准；组织者负责全部文件。",
                        "Write CODEOWNERS: any one owner on a file's line may approve it; organisers own everything."),
    "help.codeowners.output": ("写入这个文件（如 .github/CODEOWNERS），而不是输出到屏幕；与 --check 同用时为要比较的文件。",
                               "Write here (e.g. .github/CODEOWNERS) instead of stdout; with --check, the file to compare."),
    "help.codeowners.check": ("文件（默认 .github/CODEOWNERS）与应写出的内容不一致时退出码为 1。",
                              "Exit 1 when the file (default .github/CODEOWNERS) is not what would be written."),
    "help.import-ballots": ("把问卷导出表（每张票一行）或填好的计票单统计成加密保存的 democratic/<处室>.yaml.age（只有计票结果）。",
                            "Count a survey export (a row per ballot) or a filled-in tally sheet into democratic/<section>.yaml.age, sealed (tallies only)."),
    "help.import-ballots.section": ("这些测评票所属的处室。", "The section the ballots belong to."),
    "help.import-ballots.force": ("覆盖已有的 democratic/<处室>.yaml。", "Replace an existing democratic/<section>.yaml."),
    "help.tally-ballots": ("把 democratic/<处室>.yaml(.age) 中逐张票的列表改写为有效票的计票结果，加密保存。",
                           "Rewrite democratic/<section>.yaml(.age) from a list of single ballots into sealed tallies of the valid ones."),
    "help.tally-ballots.section": ("要改写测评票列表的处室。", "The section whose ballots list to rewrite as tallies."),
    "help.ballots": ("可直接打印的民主测评票（A4、不记名、各份相同）和配套的计票单（HTML、CSV、XLSX），计票单填好后用 import-ballots 导入。",
                     "Print-ready 民主测评票 (A4, anonymous, identical) and the matching 计票单 (HTML, CSV, XLSX) for import-ballots."),
    "help.ballots.section": ("测评票列出其成员的处室。", "The section whose members the forms list."),
    "help.ballots.copies": ("打印的份数（默认每位成员一份）。", "Forms to print (default: one per member)."),
    "help.ballots.out": ("存放测评票和计票单的文件夹。", "Folder for the forms and the tally sheet."),
    "help.new": ("按模板新建一个人的评分卡或一个新年度。", "Start a person's scorecard or a new cycle from templates."),
    "help.new person": ("写出 scorecards/<年度>/people/ID.yaml，每个字段都有中文注释；不会覆盖已有文件。",
                        "Write scorecards/<cycle>/people/ID.yaml with a comment on every field; never overwrites."),
    "help.new person.name": ("姓名。", "The person's name."),
    "help.new person.section": ("org.yaml 中的处室编号。", "A section id from org.yaml."),
    "help.new person.post": ("职务。", "The person's post."),
    "help.new cycle": ("从以前的年度开始 scorecards/CYCLE/：沿用设置（状态为进行中，期间顺延）和组织架构。",
                       "Start scorecards/CYCLE/ from a previous cycle: settings (open, period moved on) and org."),
    "help.new cycle.source_id": ("沿用其设置和组织架构的年度；默认最新的年度。", "The cycle whose settings and org to start from; default: the newest."),
    "help.new cycle.carry_standards": ("每人的新评分卡同时沿用上一年度的岗位标准。", "Also start each person's scorecard with last cycle's standards."),
    "help.demo": ("写出一个虚构的门户（scorecards/、mkdocs.yml、content/），用来试用。\n\n目标位置已有门户时拒绝写入，除非用 --force："
                  "那时该门户的 scorecards/、mkdocs.yml 和 content/ 被整体替换，绝不混合。",
                  "Write a synthetic portal (scorecards/, mkdocs.yml, content/) for trying the portal out.\n\nIt refuses to write "
                  "where a portal already is, unless --force: then that portal's scorecards/, mkdocs.yml and content/ are replaced, "
                  "never mixed."),
    "help.demo.people": ("人数。", "How many people."),
    "help.demo.cycles": ("年度数。", "How many cycles."),
    "help.demo.seed": ("随机数种子（相同种子写出相同的门户）。", "The random seed (the same seed writes the same portal)."),
    "help.demo.out": ("新门户的根目录。", "The new portal root."),
    "help.demo.force": ("整体替换 --out 处已有的门户（其 scorecards/、mkdocs.yml 和 content/）。",
                        "Replace a portal already at --out (its scorecards/, mkdocs.yml and content/) whole."),
    "click.usage": ("用法：", "Usage:"),
    "click.options": ("选项", "Options"),
    "click.commands": ("命令", "Commands"),
    "click.arguments": ("参数", "Positional arguments"),
    "click.help": ("显示本说明并退出。", "Show this message and exit."),
    "click.version": ("显示版本号并退出。", "Show the version and exit."),
    "click.default": ("默认：{default}", "default: {default}"),
    "click.required": ("必填", "required"),
    "click.error": ("错误：{message}", "Error: {message}"),
    "click.try_help": ("用“{command} {option}”查看说明。", "Try '{command} {option}' for help."),
    "click.no_such_option": ("没有选项 {name!r}。", "No such option {name!r}."),
    "click.no_such_command": ("没有命令 {name!r}。", "No such command {name!r}."),
    "click.did_you_mean": ("您是不是想写 {possibility}？", "Did you mean {possibility}?"),
    "click.did_you_mean_many": ("（您是不是想写其中之一：{possibilities}？）", "(Did you mean one of: {possibilities}?)"),
    "click.missing_option": ("缺少选项", "Missing option"),
    "click.missing_argument": ("缺少参数", "Missing argument"),
    "click.missing_command": ("缺少命令。", "Missing command."),
    "click.invalid_value_for": ("{param_hint} 的值无效：{message}", "Invalid value for {param_hint}: {message}"),
    "click.invalid_value": ("值无效：{message}", "Invalid value: {message}"),
    "click.extra_argument": ("多出了参数（{args}）", "Got unexpected extra argument ({args})"),
    "click.extra_arguments": ("多出了参数（{args}）", "Got unexpected extra arguments ({args})"),
    "click.not_a_choice": ("{value!r} 不是 {choice}。", "{value!r} is not {choice}."),
    "click.not_one_of": ("{value!r} 不是 {choices} 之一。", "{value!r} is not one of {choices}."),
    "click.requires_argument": ("选项 {name!r} 后面需要一个值。", "Option {name!r} requires an argument."),
    "click.not_a_number": ("{value!r} 不是有效的{number_type}。", "{value!r} is not a valid {number_type}."),
    "click.not_in_range": ("{value} 不在 {range} 范围内。", "{value} is not in the range {range}."),
    "click.does_not_exist": ("{name} {filename!r} 不存在。", "{name} {filename!r} does not exist."),
    "click.aborted": ("已中止。", "Aborted!"),
    # -- help of the commands for restricted files (issue 18) ---------------------------------
    "help.sealed": ("受限文件在仓库中加密保存，只有读者能打开：民主测评、组织考评、异议、复核申诉。",
                    "Restricted files (democratic/, organizational/, objections/, appeals/), sealed at rest for their readers."),
    "help.sealed edit": ("打开一个受限文件进行编辑，按其年度的规则检查，显示改动对照，再为其读者重新加密保存。",
                         "Open a restricted file, edit it, check it in its cycle and seal it again for its readers (shows the diff)."),
    "help.sealed edit.editor": ("使用的编辑器命令（默认 $VISUAL、$EDITOR，否则 vi 或记事本）。", "The editor command (default: $VISUAL, $EDITOR, else vi or Notepad)."),
    "help.sealed edit.source": ("从这个文件读入新的明文，而不打开编辑器。", "Take the new clear text from this file instead of opening an editor."),
    "help.sealed show": ("输出一个加密文件的明文（供 git diff 使用）；你的密钥打不开时只输出一行说明。",
                         "Print a sealed file's clear text (git's textconv for git diff); one line where your key does not open it."),
    "help.sealed seal": ("把门户中所有明文保存的受限文件为其读者加密，并删去明文（升级到第 1.2 版时用）。",
                         "Seal every clear restricted file for its readers and remove its clear form (moving a portal to v1.2)."),
    "help.sealed seal.cycle_id": ("只处理这个年度（默认所有年度）。", "Only this cycle (default: every cycle)."),
    "help.sealed rekey": ("按当前读者（recipients.yaml、org.yaml）重新加密一个进行中年度的受限文件。",
                          "Seal an open cycle's restricted files again for today's readers (after recipients.yaml or org.yaml changed)."),
    "help.sealed rekey.cycle_id": ("要重新加密的（进行中的）年度。", "The (open) cycle whose restricted files to seal again."),
    "help.sealed setup-git": ("设置本机仓库，使 git diff 和 git log -p 对读者显示加密文件的明文改动。",
                              "Make git diff and git log -p show sealed files as clear text to their readers (this clone)."),
    "help.keys": ("你自己打开受限文件用的密钥。", "Your own key for the restricted files."),
    "help.keys new": ("生成你的密钥对：私钥留在你自己的文件里，公钥（age1…）交给组织者。",
                      "Make your key pair: the private key stays in a file of yours; give the public key (age1…) to the organisers."),
    "help.keys new.out": ("私钥保存的位置（默认 ~/.config/evaluation-portal/age-key.txt），不能在仓库里。",
                          "Where to keep the private key (default: ~/.config/evaluation-portal/age-key.txt). Never in a repository."),
    "help.keys new.force": ("替换已有的密钥（只为旧密钥加密的文件你将打不开）。", "Replace an existing key (files sealed only for the old one stay closed to you)."),
    "help.check-changes.head": ("合并请求的最新提交，只作为数据取回（CI 中使用）：检查合并后将得到的文件树，不检出任何内容。不写时检查工作区（推送之前）。",
                                "The pull request's head commit, fetched as data (CI): the tree the merge would write is judged, nothing is "
                                "checked out. Without it, the work tree is checked (before pushing)."),
    # -- help of the commands for closing, notices, check-ins and the roll-up (issues 20, 21) ---------------
    "help.checkins": ("每个目标的季度/半年检查及计算出的进度状态（第 1.2 版），以及上一检查期以来还没有填写检查的人员。",
                      "Every goal's check-ins with the computed status (contract v1.2), and who has not checked in since the last period."),
    "help.checkins.fmt": ("输出格式：json 或 csv。", "The format: json or csv."),
    "help.notices": ("打印用的考核结果通知书（A4 网页，每人一页），写明复核、申诉的权利和期限；年度结束后附核验本人页面的信息。",
                     "Print-ready 考核结果通知书 (A4 HTML, one page per person) with the appeal rights and, once closed, the page check."),
    "help.notices.section": ("只生成这个处室人员的通知书。", "Only this section's people."),
    "help.notices.per_person": ("每人一个文件（默认每个处室一个文件）。", "One file per person (default: one per section)."),
    "help.notices.out": ("写入的文件夹；默认门户根目录下的 notices/（git 已忽略），不能在 site/ 里面。",
                         "Where to write; default: notices/ in the portal root (git-ignored). Never inside site/."),
    "help.close": ("结束年度：在当前提交（HEAD）上核对第 1.1 版的规则，可复现地生成网站，签署与上一年度相链接的清单，并为该提交打上标签。",
                   "Close CYCLE at HEAD: check the v1.1 rules, build it reproducibly, sign a chained manifest and tag the commit."),
    "help.close.signer": ("你的账号：本年度的组织者，且登记在 closing/allowed_signers 中（默认取与密钥一同登记的账号）。",
                          "Your account: an organiser of the cycle, listed in closing/allowed_signers (default: the one listed with the key)."),
    "help.close.key_file": ("你的 SSH 私钥，由 ssh-keygen 用它签名（可由 ssh-agent 保管）。默认取 git 的 user.signingKey，否则 ~/.ssh/id_ed25519。",
                            "Your SSH private key; ssh-keygen signs with it (an agent may hold it). Default: git's user.signingKey, else ~/.ssh/id_ed25519."),
    "help.verify": ("用年度的签名清单和清单链核验一个已部署或下载的网站文件夹（默认 site/），或单个网页。",
                    "Check a deployed or downloaded site folder (default: site/), or one PAGE, against CYCLE's signed manifest and the chain."),
    "help.verify.signers_file": ("信任的 allowed_signers 文件（默认门户中的 closing/allowed_signers）。",
                                 "The allowed_signers file to trust (default: closing/allowed_signers of the portal)."),
    "help.verify.path_in_site": ("核验单个网页时：它在该年度网站中的路径，如 people/zhangsan/index.html。",
                                 "With a PAGE: its path in the cycle's site, e.g. people/zhangsan/index.html."),
    "help.verify.rebuild": ("另外在临时文件夹中按标签重新生成该年度网站，并逐字节比较。", "Also rebuild the cycle from its tag in a temporary folder and compare."),
    "help.bundle": ("本单位向全体公开的内容和匿名统计，写成 Parquet 文件，供省里汇总（docs/bundle.md）。",
                    "What the office publishes to everyone, and anonymous counts, as Parquet for the province's roll-up (docs/bundle.md)."),
    "help.bundle.office": ("汇总中显示的单位名称；默认 org.yaml 中的单位名称。", "The office's name in the roll-up; default: the unit's name in org.yaml."),
    "help.bundle.out": ("写入的数据包文件夹；默认当前文件夹下的 <单位>-<年度>.bundle。", "The bundle folder to write; default: <office>-<cycle>.bundle in the current folder."),
    "help.bundle.force": ("替换 --out 处以前写的数据包。", "Replace a bundle written earlier at --out."),
    "help.bundle.sign_key": ("用来签署 bundle.json 的 SSH 私钥（ssh-keygen -Y sign）。", "An SSH private key to sign bundle.json with (ssh-keygen -Y sign)."),
    "help.rollup": ("核验各单位的数据包，并据此生成全省汇总网站（DuckDB；外观与门户相同）。",
                    "Check the offices' bundles and build the province's roll-up site from them (DuckDB; the portal's look)."),
    "help.rollup.out": ("汇总网站的文件夹。", "The folder of the roll-up site."),
    "help.rollup.allowed_signers": ("ssh-keygen 的 allowed_signers 文件：给出时，每个数据包都必须由其中登记的密钥签名。",
                                    "An ssh-keygen allowed_signers file: every bundle must then be signed by a key listed there."),
    "help.new checkin": ("在 scorecards/<年度>/people/ID.yaml 末尾追加下一次检查（带中文注释），不改动已写的任何内容。",
                         "Append the next check-in to scorecards/<cycle>/people/ID.yaml, with comments; changes nothing already written."),
    "help.new checkin.day": ("检查日期，格式 YYYY-MM-DD；默认今天。", "The day of the check-in, YYYY-MM-DD; default: today."),
}



def current_language(explicit: str | None = None) -> str:
    """The language to speak: an explicit choice, else PORTAL_LANG, else Chinese."""
    lang = explicit or os.environ.get("PORTAL_LANG") or DEFAULT_LANGUAGE
    lang = lang.lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")
"""`{count|person|people}` in a text: the first form when the argument `count` is 1, else the second (English plurals)."""


def translate(key: str, lang: str = DEFAULT_LANGUAGE, /, **args: Any) -> str:
    """The catalog text for `key` in `lang`, formatted with `args` (plural forms chosen by their argument)."""
    zh, en = MESSAGES[key]
    template = en if lang == "en" else zh
    if "|" in template:
        template = PLURAL.sub(lambda m: m.group(2) if args.get(m.group(1)) == 1 else m.group(3), template)
    # an argument may itself be a message: (key, its args)
    shown = {name: translate(value[0], lang, **value[1]) if isinstance(value, tuple) else value for name, value in args.items()}
    return template.format(**shown)
