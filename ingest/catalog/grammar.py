"""The wording of targets in one sentence: quantities → metric, comparator, value, unit and phrase.

A sentence is cut into clauses at , ; : (half- and full-width). In each clause:

* a relation ("城乡居民收入与经济增长基本同步") is one ``relation`` target;
* otherwise every quantity that is not noise is a target (several per clause: 分别…和…, A、B lists);
* a clause without a target quantity may be a milestone (:mod:`.milestones`).

Noise — numbers that are not targets: anything inside quotes or 《》 ("金融25条"), ordinals (第3批),
enumeration counts (等7个细分领域), and attributive amounts that only qualify a noun when the clause
has its real target later ("5000万元以上项目超过1300个", "收入30万元以上村占比达到50%",
"7个产业产值…两位数增长") or name an item of a project list ("80万千瓦风电制氢合成氨等项目"). Years
(2024年), sessions (二十届二中全会), slogans ("一主六双") and durations (三年攻坚, 3年) carry no unit and
never become quantities in the first place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ingest.catalog.milestones import find_milestones
from ingest.catalog.quantities import Quantity, find_quantities, tidy

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE = re.compile(r"[^,，;；:：。！？!?]+")
_STATEMENT = re.compile(r"[^;；。！？!?]+")  # 力争 covers the rest of its statement (up to ; or 。)
_STRIVE = re.compile(r"力争|争取")
_QUALIFIER_SUFFIX = re.compile(r"^\s*(以上|以下|以内|左右)")
_AT_MOST_BEFORE = re.compile(r"控制在|不超过|不高于|不多于|(?<!不)低于")
_AT_LEAST_BEFORE = re.compile(r"不低于|不少于|至少")
_MORE_THAN_BEFORE = re.compile(r"超过|突破|超\s*$")
_GROWTH_WORDS = re.compile(r"增长|增速|增幅|涨幅|上涨")
_CHANGE_JUST_BEFORE = re.compile(r"(提高|提升|增加|下降|降低|减少|回落|缩减)\s*$")
_DECREASE_JUST_BEFORE = re.compile(r"(下降|降低|减少|回落|缩减)\s*$")
_LEADING_WORDS = re.compile(
    r"^(?:全年|年内|今年|明年|20\d{2}年|全市|力争|争取|确保|同时|并且|并|其中|要|还将|将|计划|继续|再|[、和与及])+"
)
_TRAILING_WORDS = re.compile(
    r"(?:分别|达到|超过|突破|控制在|保持在|稳定在|增长|提高到|提升到|增加到|下降到|发展到|提高|提升|增加|下降|降低|"
    r"减少|占到|占|实现|不低于|不少于|至少|力争|争取|超|达|为|的|与上年|比上年|同比|实际|可比|基本)+$"
)
_RELATION = re.compile(
    r"(?P<series>[\u4e00-\u9fffA-Za-z]*?收入(?:增长|增速)?)\s*(?:与|和|同)\s*"
    r"(?P<related>经济(?:增长|增速|发展)|(?:地区|国内)?生产总值增长|GDP增长)\s*(?:基本|保持|实现)*\s*同步"
)
# the phrase the related series of an income/economy relation resolves through (the GDP aliases)
ECONOMY_PHRASE = "地区生产总值"
# per-head money (人均可支配收入 42004元, 每户补贴100元) stays in 元, the unit of per-capita indicators
_PER_UNIT = re.compile(r"人均|户均|每")
YUAN_PER_YI = Decimal("1e8")
# in "A、B…分别", an A this short is a qualifier sharing B's tail (城镇、农村居民人均可支配收入)
_QUALIFIER_CHARS = 4


@dataclass(frozen=True)
class Finding:
    """One target found in a sentence (value in the canonical unit; None for milestones)."""

    metric: str
    comparator: str
    value: Decimal | None
    unit: str
    phrase: str
    clause: str
    related_phrase: str = ""


def find_targets(sentence: str) -> list[Finding]:
    """Targets in one sentence, given in :func:`~ingest.catalog.report_text.matching_form`."""
    strive_spans = [
        (found.start(), statement.end())
        for statement in _STATEMENT.finditer(sentence)
        if (found := _STRIVE.search(sentence, statement.start(), statement.end()))
    ]
    findings: list[Finding] = []
    for match in _CLAUSE.finditer(sentence):
        clause = match.group(0).strip()
        if not clause:
            continue
        is_strive = any(start < match.end() <= end for start, end in strive_spans)
        relation = _RELATION.search(clause)
        if relation:
            phrase = _LEADING_WORDS.sub("", relation.group("series"))
            findings.append(Finding("relation", "about", Decimal(0), "个百分点", phrase, clause, ECONOMY_PHRASE))
            continue
        quantities = find_quantities(clause)
        targets = [q for q in quantities if not is_noise(clause, q, quantities)]
        if targets:
            findings.extend(_quantified(clause, targets, is_strive))
        else:
            findings.extend(
                Finding("milestone", "reach", None, "", phrase, clause) for phrase in find_milestones(clause)
            )
    return findings


def is_noise(clause: str, quantity: Quantity, quantities: list[Quantity]) -> bool:
    before = clause[: quantity.start]
    if _inside_quotes(before) or before.endswith("第") or before.rstrip().endswith("等"):
        return True
    if quantity.category in ("two_digit", "all_compliant") or not is_attributive(clause, quantity):
        return False
    later = [other for other in quantities if other.start >= quantity.end and not _inside_quotes(clause[: other.start])]
    return bool(later) or "等" in clause[quantity.end :]


def is_attributive(clause: str, quantity: Quantity) -> bool:
    """The quantity is followed by a noun it qualifies ("600户工业企业", "5000万元以上项目")."""
    rest = clause[quantity.end + _suffix_length(clause, quantity) :].lstrip('“「《"')
    return bool(rest) and bool(_CJK.match(rest[0])) and rest[0] not in "和与及或、等"


def _inside_quotes(before: str) -> bool:
    return (
        before.count("“") > before.count("”")
        or before.count("《") > before.count("》")
        or before.count("「") > before.count("」")
        or before.count('"') % 2 == 1
    )


def _suffix_length(clause: str, quantity: Quantity) -> int:
    match = _QUALIFIER_SUFFIX.match(clause[quantity.end :])
    return match.end() if match else 0


def _suffix(clause: str, quantity: Quantity) -> str:
    match = _QUALIFIER_SUFFIX.match(clause[quantity.end :])
    return match.group(1) if match else ""


def comparator_of(clause: str, quantity: Quantity, strive: bool) -> str:
    """strive (力争) > at_most (控制在, 以内) > at_least (以上, 两位数) > about (左右) > more_than > reach."""
    if strive:
        return "strive"
    before = clause[: quantity.start]
    suffix = _suffix(clause, quantity)
    if _AT_MOST_BEFORE.search(before) or suffix in ("以内", "以下"):
        return "at_most"
    if quantity.category in ("two_digit", "range") or suffix == "以上" or _AT_LEAST_BEFORE.search(before):
        return "at_least"
    if suffix == "左右" or quantity.category == "flat":
        return "about"
    if _MORE_THAN_BEFORE.search(before) or quantity.approximate:
        return "more_than"
    return "reach"


def metric_of(clause: str, quantity: Quantity) -> str:
    before = clause[: quantity.start]
    if quantity.category in ("two_digit", "flat"):
        return "growth_pct"
    if quantity.category == "all_compliant":
        return "share_pct"
    if quantity.category == "pp":
        return "pp_change"
    if quantity.category in ("percent", "range"):
        growth = _GROWTH_WORDS.search(before) or _CHANGE_JUST_BEFORE.search(before)
        return "growth_pct" if growth else "share_pct"
    return "level" if quantity.is_level else "count"


def _signed(clause: str, quantity: Quantity, metric: str) -> Decimal:
    if metric in ("growth_pct", "pp_change") and _DECREASE_JUST_BEFORE.search(clause[: quantity.start]):
        return -quantity.value
    return quantity.value


def _quantified(clause: str, targets: list[Quantity], strive: bool) -> list[Finding]:
    phrases = _phrases(clause, targets)
    findings = []
    for quantity, phrase in zip(targets, phrases, strict=True):
        metric = metric_of(clause, quantity)
        value, unit = _signed(clause, quantity, metric), quantity.unit
        if quantity.category == "money" and _PER_UNIT.search(clause[: quantity.start]):
            value, unit = tidy(value * YUAN_PER_YI), "元"
        findings.append(Finding(metric, comparator_of(clause, quantity, strive), value, unit, phrase, clause))
    return findings


def _phrases(clause: str, targets: list[Quantity]) -> list[str]:
    """The indicator phrase of each target: the words before it, and the noun it qualifies if any."""
    respectively = clause.find("分别")
    if len(targets) > 1 and 0 <= respectively < targets[0].start:
        return _respective_subjects(_clean(clause[:respectively]), len(targets))
    phrases = []
    segment_start = 0
    for index, quantity in enumerate(targets):
        tail_start = quantity.end + _suffix_length(clause, quantity)
        following = targets[index + 1].start if index + 1 < len(targets) else len(clause)
        noun = clause[tail_start:following].strip() if is_attributive(clause, quantity) else ""
        phrase = _clean(clause[segment_start : quantity.start]) + noun
        # "社会消费品零售总额达到2250亿元、增长8%": the second figure is about the same indicator
        phrases.append(phrase or (phrases[-1] if phrases else ""))
        segment_start = tail_start
    return phrases


def _respective_subjects(subject: str, count: int) -> list[str]:
    """Subjects of "A、B分别…": 国家高新技术企业、科技型中小企业 → both as written; 城镇、农村居民人均可支配收入
    → the short qualifier takes the shared tail; 城乡居民… → 城镇…, 农村…."""
    if count == 2 and subject.startswith("城乡"):
        return ["城镇" + subject[2:], "农村" + subject[2:]]
    for separators in ("、", "、和与及"):
        parts = [part for part in re.split(f"[{separators}]", subject) if part]
        if len(parts) != count:
            continue
        first, last = parts[0], parts[-1]
        if all(len(part) <= _QUALIFIER_CHARS for part in parts[:-1]) and len(last) > len(first) + 2:
            tail = last[len(first) :]
            return [part + tail for part in parts[:-1]] + [last]
        return parts
    return [subject] * count


def _clean(words: str) -> str:
    text = _LEADING_WORDS.sub("", words.strip()).strip()
    return _TRAILING_WORDS.sub("", text).strip()
