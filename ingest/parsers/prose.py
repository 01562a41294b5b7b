"""Prose releases (经济运行情况), and the clause reader every prose layout shares.

    1—2月,全市规模以上工业增加值同比增长8.7%,高于全国1.7个百分点。汽车产量35.6万辆,同比增长6.0%,
    其中新能源汽车10.1万辆,增长91.5%。
    全市一产、二产、三产分别实现增加值52.9亿元、539.4亿元和942.1亿元,分别增长3.1%、11.7%和4.8%。

How a paragraph is read:

* It is cut into sentences (。;!?) and each sentence into clauses at commas and colons that are not
  inside a figure (``分别增长3.1%,11.7%`` stays whole). Figures are tokens: amounts (number + unit),
  growth expressions (one or a list), bare percentages (shares, rates) and periods.
* A period word (1-6月, 上半年, 6月份, 全年 …) sets the period of the figures after it until the
  paragraph ends; paragraphs start from the document's period (the title's). Periods after a
  comparison word (比上年全年, 较一季度) are the base of a comparison and change nothing.
* The indicator is the clause's subject: the text before its first figure, without period words,
  全市/其中/同比/实现/达到…. A clause with no subject ("同比增长6.0%") completes the figure before
  it; a list (分别…a、b和c) is aligned item by item with the subject's list ("一产、二产、三产",
  "猪、牛、羊出栏量": the shared suffix goes to every item).
* Growth is year on year unless the wording says otherwise (环比, 比年初, 两年平均, 比2019年: left
  out with a warning). 加快/回落/高于全国 x个百分点 is never a growth rate; a share's change in
  percentage points ("第三产业比重提高2个百分点") is kept as a value in ``个百分点``. Ranks (居全省第N位)
  are not figures. 预计 marks estimates; 突破/超过/以上/多/余 lower bounds.
* An amount inside a name ("投资5000万元以上项目", "超10亿元项目", "出台稳增长26条等措施",
  "7个产业产值总规模达到…") is not a figure; a count before its noun is ("建成15个智能工厂"); any other
  amount in the middle of a phrase ("新建300公里燃气管网") is left out with a warning, never guessed.
* A completion phrase without a number ("地铁6号线开通运营") is handed to ``plain_clause`` (milestones).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from ingest.observations import Observation
from ingest.parsers.base import ParseContext
from ingest.parsers.common import compose_part, dedupe, document_period, table_observations
from ingest.parsers.memo import bounded_cache
from ingest.parsers.numbers import (
    MEASURE_WORDS,
    Amount,
    Growth,
    GrowthItem,
    Percent,
    find_amounts,
    find_growths,
    find_percents,
    strip_footnote_markers,
    unreadable_number,
)
from ingest.parsers.page import Page
from ingest.parsers.periods import Period, find_periods
from ingest.quarantine import Quarantined

_SENTENCE_END = re.compile(r"[。；;！!？?\n]|…+")
_CLAUSE_SEP = re.compile(r"[，,:：]")
_WIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")
_FULL_WIDTH = re.compile("[０-９％．]")
_CONVERSION = re.compile(
    r"[(（]\s*(?:约|折合|合)?\s*\d+(?:\.\d+)?\s*(?:万亿|亿|千万|百万|万|千)?(?:吨|斤|元|美元|公斤)\s*[)）]"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")

_LEAD = re.compile(
    r"^(?:[,，、;；\s]|其中|全市|全省|我市|本市|市区|全区|今年以来|今年|年内|当年|本年|累计|共计|总计|合计|共有|"
    r"初步核算|经初步核算|据初步核算|按可比价格计算|按可比口径计算|据统计|据核算|[\u4e00-\u9fff]{2}市(?![场值民政区县])|"
    r"实现|完成|达到|预计|同比(?:[(（]下同[)）])?|(?:比|较)(?:上年|去年)(?:同期|全年|年?末)?|[(（]下同[)）])+"
)
_TRAIL = re.compile(
    r"(?:同比|环比|(?:比|较)(?:上年|去年)(?:同期|全年|年?末)?|与(?:上年|去年)(?:同期)?(?:相比)?|(?:比|较)上月|(?:比|较)年初|分别|基本|"
    r"实现|完成|达到|达|为|是|共|累计|总计|预计|约|近|突破|超过|超|逾|的|[(（]下同[)）]|[,，、;；\s]|"
    r"(?:发展|增加|提高|提升|增长|扩大|上升|下降|减少|降低)到)+$"
)
_LEAD_NOISE = re.compile(
    r"^(?:[,，、;；\s]|其中|全市|全省|我市|本市|今年|年内|[\u4e00-\u9fff]{2}市(?![场值民政区县])|同比|[(（]下同[)）])+"
)
_QUOTES = re.compile(r"[“”\"'《》「」]")
_VERB_JOIN = re.compile(r"^(?P<x>.+?)(?:实现|完成|达到)(?P<y>.*)$")
_PART = re.compile(r"^\s*其中")
_NOT_YOY = re.compile(
    r"环比|(?:比|较)上月|(?:比|较)上季|(?:比|较)年初|两年平均|三年平均|四年平均|年均|平均每年|(?:比|较)(?:19|20)\d{2}年"
)
_YEAR_END_BASIS = re.compile(r"(?:比|较)(?:上年|去年)(?:年)?末")
_YOY = re.compile(r"同比")
_YOY_FROM_HERE = re.compile(r"同比\s*[(（]下同")  # 同比(下同): later rates are year on year
_MOM_FROM_HERE = re.compile(r"环比\s*[(（]下同")
_LOWER_BEFORE = re.compile(r"(?:突破|超过|超|逾|多于)\s*$")
_THRESHOLD_AFTER = re.compile(r"^\s*(?:及|或)?(?:以上|以下)(?:的)?(?=[\u4e00-\u9fff])(?!增长|同比|下降|左右)")
_CHANGE_BEFORE = re.compile(r"(?:比|较|同比|环比)[^,，]{0,12}?(?:增加|减少|增长|下降|净增|净减|多|少)了?\s*$")
_QUALIFIER = re.compile(r"^(?:以上|左右|多|余|以内|上下|和|及|与|、|\s)+")
_BASIS_ONLY = re.compile(r"^(?:同比|环比|(?:比|较)(?:上年|去年)(?:同期|全年|年?末)?|[(（]下同[)）]|分别|平均|\s)*$")
_NUMBER_FIRST_VERB = re.compile(
    r"^(?:建成|新建|完成|实现|新增|引进|培育|开工|竣工|实施|打造|建设|开通|累计|共|有|新开工|投用|新投用|落地|认定|获批|"
    r"创建|改造|新改建|培训|帮扶|招引|签约|举办|组织|推动|支持|服务|救助|安置|吸纳|发放|提供|新开|开设|增加)?$"
)
_SHARE_SUBJECT = re.compile(r"比重|占比|份额|比例|(?<!增长)率$")
_RATE_SUBJECT = re.compile(r"增速|增幅|增长|涨幅")
_PP_CHANGE_VERBS = frozenset({"提高", "提升", "上升", "下降", "降低", "增加", "减少"})
_PP_BASIS = re.compile(r"同比|(?:比|较)(?:上年|去年)")
_COMPARED_TO_OTHERS = re.compile(r"全国|全省|平均|高于|低于|快于|慢于")
_MEASURES = (
    "出栏量|存栏量|出栏|存栏|产量|销量|销售量|销售额|营业额|营业收入|零售额|增加值|总产值|产值|投资|收入|支出|"
    "总额|面积|人数|客运量|货运量|周转量|吞吐量|用电量|发电量|消费量|金额|余额|价格|指数"
)
_MEASURE_SUFFIX = re.compile(r"(?:" + _MEASURES + r")$")
_SCOPE_PREFIX = re.compile(r"^(?:规模以上|规上|限额以上|限上)")
_LIST_SPLIT = re.compile(r"、")
_CONTEXT_END = re.compile(r"(?:的|下|看|中|面|后)$")  # "长春的…", "在…带动下…", "从…看…"
_LIST_SPLIT_AND = re.compile(r"、|和|及|与")


@dataclass
class Figure:
    """One published figure read from prose, before it becomes an :class:`Observation`."""

    subject: str
    period: Period
    quote: str
    value: float | None = None
    unit: str | None = None
    yoy: float | None = None
    lower: bool = False
    estimate: bool = False


class _Token(NamedTuple):  # tuples: a sentence makes several, and a frozen dataclass costs more to build
    kind: str  # period | amount | growth | percent
    start: int
    end: int
    period: Period | None = None
    amount: Amount | None = None
    growth: Growth | None = None
    percent: Percent | None = None


_START = attrgetter("start")


class _Value(NamedTuple):
    value: float
    unit: str
    lower: bool
    start: int


def prepare(text: str) -> str:
    """Full-width digits, footnote markers ("[2]") and unit conversions ("(500万吨)") out."""
    if _FULL_WIDTH.search(text):  # for speed: translating CJK text costs more than looking first
        text = text.translate(_WIDTH)
    text = strip_footnote_markers(text)
    return _CONVERSION.sub("", text)


@bounded_cache(16384)  # for speed: the same subjects recur in every release
def clean_subject(text: str, *, keep_verbs: bool = False) -> str:
    """The indicator a clause's head names: "全市规模以上工业增加值同比" → "规模以上工业增加值",
    "服务业实现增加值" → "服务业增加值".

    ``keep_verbs`` keeps a leading 完成/实现/达到 and a verb inside ("完成第三轮国土绿化"), for names
    the alias table knows with their verb.
    """
    text = _QUOTES.sub("", text)
    lead = _LEAD_NOISE if keep_verbs else _LEAD
    previous = None
    while previous != text:
        previous = text
        text = lead.sub("", text)
        text = _TRAIL.sub("", text)
    if keep_verbs:
        return text.strip()
    joined = _VERB_JOIN.match(text)
    if joined and len(joined.group("x")) >= 2:
        text = joined.group("x") + joined.group("y")
    if text.endswith("投资规模"):
        text = text[: -len("规模")]
    return text.strip()


class ProseReader:
    """Reads figures from paragraphs of prose; see the module docstring for the rules."""

    def __init__(
        self,
        ctx: ParseContext,
        default_period: Period,
        *,
        only_year: int | None = None,
        plain_clause: Callable[[str, str, Period, bool], list[Figure]] | None = None,
        skip_sentence: re.Pattern[str] | None = None,
    ):
        self.ctx = ctx
        self.default_period = default_period
        self.year = default_period.year
        self.only_year = only_year  # periods of any other year are ignored (work report review)
        self.plain_clause = plain_clause  # called for clauses without figures (milestones)
        self.skip_sentence = skip_sentence  # sentences not about the period (五年来…), left out
        self.yoy_by_default = True
        self._parent: Figure | None = None
        self._part_next = False
        self._sentence_estimate = False

    # ---- paragraphs and sentences ---------------------------------------------------------
    def read(self, paragraphs: Iterable[str]) -> list[Figure]:
        figures: list[Figure] = []
        for paragraph in paragraphs:
            figures.extend(self.read_paragraph(paragraph))
        return figures

    def read_paragraph(self, paragraph: str) -> list[Figure]:
        text = prepare(paragraph)
        period: Period | None = self.default_period
        figures: list[Figure] = []
        self._parent = None
        self._part_next = False
        self._sentence_estimate = False
        start = 0
        for match in _SENTENCE_END.finditer(text + "\n"):
            sentence = text[start : match.start()].strip()
            start = match.end()
            if sentence:
                period = self._sentence(sentence, period, figures)
        return figures

    def _sentence(self, s: str, period: Period | None, out: list[Figure]) -> Period | None:
        unreadable = unreadable_number(s)
        if unreadable:  # dropping just that number would shift the figures of a list onto other names
            self.ctx.warn(f"a sentence with a number too large to read ({unreadable[:12]}…), left out: {s[:80]!r}")
            return period
        if self.skip_sentence is not None and self.skip_sentence.search(s):
            if _DIGIT.search(s):
                self.ctx.warn(f"a sentence about several years, left out: {s!r}")
            return period
        if "下同" in s:
            if _MOM_FROM_HERE.search(s):
                self.yoy_by_default = False
            elif _YOY_FROM_HERE.search(s):
                self.yoy_by_default = True
        tokens = self._tokens(s)
        if not tokens and self.plain_clause is None and "其中" not in s:
            return period  # for speed: no figure, no period, no milestone, no "其中" for the next clause
        pending: list[Figure] = []
        self._sentence_estimate = False
        for clause_start, clause_end, clause_tokens in self._clauses(s, tokens):
            period = self._clause(s, clause_start, clause_end, clause_tokens, period, pending)
        out.extend(f for f in pending if f.value is not None or f.yoy is not None)
        return period

    def _tokens(self, s: str) -> list[_Token]:
        tokens: list[_Token] = []
        taken: list[tuple[int, int]] = []
        for match in find_periods(s, self.year):
            tokens.append(_Token("period", match.start, match.end, period=match.period))
            taken.append((match.start, match.end))
        for growth in find_growths(s):
            tokens.append(_Token("growth", growth.start, growth.end, growth=growth))
            taken.append((growth.start, growth.end))

        def free(a: int, b: int) -> bool:
            return not any(x < b and a < y for x, y in taken)

        if not _DIGIT.search(s):
            return sorted(tokens, key=_START)  # for speed: amounts and percents are numbers, and there is none
        for amount in find_amounts(s):
            if free(amount.start, amount.end):
                tokens.append(_Token("amount", amount.start, amount.end, amount=amount))
        for percent in find_percents(s, taken):
            tokens.append(_Token("percent", percent.start, percent.end, percent=percent))
        return sorted(tokens, key=_START)

    @staticmethod
    def _clauses(s: str, tokens: list[_Token]) -> list[tuple[int, int, list[_Token]]]:
        """(start, end, tokens) of each clause: the sentence cut at separators outside a figure."""
        figures = [(t.start, t.end) for t in tokens if t.kind != "period"]
        cuts: list[int] = []
        for match in _CLAUSE_SEP.finditer(s):
            at = match.start()
            for a, b in figures:
                if a <= at < b:
                    break
            else:
                cuts.append(at)
        cuts.append(len(s))
        clauses: list[tuple[int, int, list[_Token]]] = []
        start = i = 0
        count = len(tokens)
        for end in cuts:  # the tokens are in order: each clause takes the next ones
            while i < count and tokens[i].start < start:
                i += 1  # (a token on a separator belongs to no clause)
            first = i
            while i < count and tokens[i].start < end:
                i += 1
            clauses.append((start, end, tokens[first:i]))
            start = end + 1
        return clauses

    # ---- clauses ------------------------------------------------------------------------------
    def _clause(
        self,
        s: str,
        cs: int,
        ce: int,
        tokens: list[_Token],
        period: Period | None,
        pending: list[Figure],
    ) -> Period | None:
        figures = self._drop_name_amounts(s, cs, ce, [t for t in tokens if t.kind != "period"])
        first = figures[0].start if figures else ce
        head_parts: list[str] = []
        cursor = cs
        later_periods: list[_Token] = []
        for token in tokens:
            if token.kind != "period":
                continue
            if token.start < first:
                head_parts.append(s[cursor : token.start])
                cursor = token.end
                period = self._accept(token.period)
            else:
                later_periods.append(token)
        head_parts.append(s[cursor:first])
        head = "".join(head_parts)
        # 预计 heading a clause ("预计全年地区生产总值增长6.5%,…") covers the rest of the sentence;
        # inside a clause ("地区生产总值预计增长6.5%") only that clause.
        if "预计" in head and (not figures or _LEAD_NOISE.sub("", head).startswith("预计")):
            self._sentence_estimate = True
        estimate = self._sentence_estimate or "预计" in head
        if not figures:
            if period is not None and self.plain_clause is not None:
                pending.extend(self.plain_clause(s[cs:ce], s, period, estimate))
            if _PART.match(head) and not clean_subject(head):
                self._part_next = True
            return self._after(period, later_periods)
        if period is None:
            self.ctx.warn(f"figures of another year left out: {s[cs:ce]!r}")
            return self._after(period, later_periods)
        is_part = bool(_PART.match(head)) or self._part_next
        self._part_next = False
        items_text, _, measure = head.partition("分别")
        subject = clean_subject(items_text)
        with_verbs = clean_subject(items_text, keep_verbs=True)
        if with_verbs != subject and "、" not in with_verbs and self.ctx.aliases.resolve(with_verbs):
            subject = with_verbs  # "完成第三轮国土绿化", "农村低保标准达到城市低保标准": known with their verb
        measure = clean_subject(measure) if measure else ""

        values, growths, pps, number_first = self._figures(s, cs, ce, figures, period, subject)
        if number_first:
            subject = number_first
        if subject.startswith("占") and pending:
            subject = pending[-1].subject + subject
        if subject:
            self._with_subject(s, subject, measure, is_part, values, growths, pps, period, estimate, pending)
        else:
            self._complete(s, cs, ce, values, growths, pending)
        return self._after(period, later_periods)

    @staticmethod
    def _drop_name_amounts(s: str, cs: int, ce: int, figures: list[_Token]) -> list[_Token]:
        """Amounts that are part of a name are text, not figures: "5000万元以上项目", "超10亿元项目",
        "新赛道7个产业产值" — but not "建成15个智能工厂" / "325个项目竣工", where the count is the figure."""
        kept: list[_Token] = []
        for i, token in enumerate(figures):
            if token.amount is not None:
                after = s[token.end : figures[i + 1].start if i + 1 < len(figures) else ce]
                if _THRESHOLD_AFTER.match(after):
                    continue
                rest = _QUALIFIER.sub("", after)
                if rest and _CJK.match(rest) and not _BASIS_ONLY.match(rest):
                    if token.amount.unit.endswith("元"):
                        continue
                    before = s[kept[-1].end if kept else cs : token.start]
                    counts_a_noun = token.amount.unit[-1:] in MEASURE_WORDS
                    number_first = (
                        not kept and i + 1 == len(figures) and _NUMBER_FIRST_VERB.match(clean_subject(before))
                    )
                    if counts_a_noun and not number_first:
                        continue
            kept.append(token)
        return kept

    def _accept(self, period: Period | None) -> Period | None:
        if period is not None and self.only_year is not None and period.year != self.only_year:
            return None
        return period

    def _after(self, period: Period | None, later: list[_Token]) -> Period | None:
        for token in later:
            period = self._accept(token.period)
        return period

    def _figures(
        self, s: str, cs: int, ce: int, figures: list[_Token], period: Period, subject: str
    ) -> tuple[list[_Value], list[GrowthItem], list[tuple[GrowthItem, str, str]], str]:
        values: list[_Value] = []
        growths: list[GrowthItem] = []
        pps: list[tuple[GrowthItem, str, str]] = []
        number_first = ""
        previous_end = cs
        for i, token in enumerate(figures):
            next_start = figures[i + 1].start if i + 1 < len(figures) else ce
            before = s[previous_end : token.start]
            after = s[token.end : next_start]
            if token.growth is not None:
                basis = s[cs : token.start]
                if not self._is_yoy(basis, period):
                    self.ctx.warn(f"not a year-on-year rate, left out: {s[cs : token.end]!r}")
                else:
                    for item in token.growth.items:
                        if item.pct is not None:
                            growths.append(item)
                        elif item.pp is not None:
                            pps.append((item, token.growth.verb, basis))
            elif token.amount is not None:
                amount = token.amount
                rest = _QUALIFIER.sub("", after)
                if _CHANGE_BEFORE.search(s, cs, token.start):
                    self.ctx.warn(f"an absolute change, not a level, left out: {s[cs : token.end]!r}")
                    previous_end = token.end
                    continue
                if rest and not _BASIS_ONLY.match(rest) and not rest.startswith(("同比", "比", "较", "增", "下降")):
                    verb = _NUMBER_FIRST_VERB.match(subject)
                    if i == 0 and verb and amount.unit[-1:] in MEASURE_WORDS:
                        number_first = clean_subject(subject + _QUOTES.sub("", rest))
                    else:
                        self.ctx.warn(f"an amount inside a phrase, left out: {s[cs:ce]!r}")
                        previous_end = token.end
                        continue
                lower = bool(_LOWER_BEFORE.search(before)) or amount.approx_more or after.lstrip().startswith("以上")
                values.append(_Value(amount.value, amount.unit, lower, token.start))
            elif token.percent is not None:
                lower = bool(_LOWER_BEFORE.search(before)) or after.lstrip().startswith("以上")
                values.append(_Value(token.percent.value, "%", lower, token.start))
            previous_end = token.end
        return values, growths, pps, number_first

    def _is_yoy(self, basis: str, period: Period) -> bool:
        if _YOY.search(basis):
            return True
        if _YEAR_END_BASIS.search(basis):
            return period.kind == "year"  # 年末…比上年末: year-end to year-end
        if _NOT_YOY.search(basis):
            return False
        return self.yoy_by_default

    def _with_subject(
        self,
        s: str,
        subject: str,
        measure: str,
        is_part: bool,
        values: list[_Value],
        growths: list[GrowthItem],
        pps: list[tuple[GrowthItem, str, str]],
        period: Period,
        estimate: bool,
        pending: list[Figure],
    ) -> None:
        n = max(len(values), len(growths))
        if n == 0:
            self._pp_change(s, subject, pps, period, estimate, pending)
            return
        if len(values) not in (0, n) or len(growths) not in (0, n):
            self.ctx.warn(f"{len(values)} values and {len(growths)} rates do not line up: {s!r}")
            return
        names = self._names(subject, measure, n, is_part)
        if names is None:
            self.ctx.warn(f"{n} figures but the subject {subject!r} does not list {n} items: {s!r}")
            return
        for i, name in enumerate(names):
            figure = Figure(name, period, s, estimate=estimate)
            if values:
                figure.value, figure.unit, figure.lower = values[i].value, values[i].unit, values[i].lower
            if growths:
                figure.yoy = growths[i].pct
                figure.lower = figure.lower or growths[i].lower_bound
            pending.append(figure)
            if not is_part:
                self._parent = figure

    @staticmethod
    def _pp_change(
        s: str,
        subject: str,
        pps: list[tuple[GrowthItem, str, str]],
        period: Period,
        estimate: bool,
        pending: list[Figure],
    ) -> None:
        """A share's change over a year ("科技投入占财政支出比重比上年提高1.2个百分点"), kept in 个百分点."""
        if len(pps) != 1 or not _SHARE_SUBJECT.search(subject) or _RATE_SUBJECT.search(subject):
            return
        item, verb, basis = pps[0]
        if verb not in _PP_CHANGE_VERBS or _COMPARED_TO_OTHERS.search(basis) or not _PP_BASIS.search(basis):
            return
        if "全年" in basis and period.kind != "year":
            return  # a quarter's share against last full year: not a change over the same period
        pending.append(
            Figure(subject, period, s, value=item.pp, unit="个百分点", lower=item.lower_bound, estimate=estimate)
        )

    def _complete(
        self, s: str, cs: int, ce: int, values: list[_Value], growths: list[GrowthItem], pending: list[Figure]
    ) -> None:
        """A clause without a subject completes the figures before it ("…35.6万辆,同比增长6.0%")."""
        if values:
            open_values = [f for f in pending if f.value is None]
            if len(open_values) >= len(values):
                for figure, value in zip(open_values[-len(values) :], values, strict=True):
                    figure.value, figure.unit = value.value, value.unit
                    figure.lower = figure.lower or value.lower
            else:
                self.ctx.warn(f"figures without a subject, left out: {s[cs:ce]!r}")
                return
        if growths:
            open_rates = [f for f in pending if f.yoy is None]
            if len(open_rates) >= len(growths):
                for figure, growth in zip(open_rates[-len(growths) :], growths, strict=True):
                    figure.yoy = growth.pct
                    figure.lower = figure.lower or growth.lower_bound
            else:
                self.ctx.warn(f"growth rates without a subject, left out: {s[cs:ce]!r}")

    # ---- names --------------------------------------------------------------------------------
    def _names(self, subject: str, measure: str, n: int, is_part: bool) -> list[str] | None:
        if n == 1:
            return [self._name(self._compose(subject, measure), is_part)]
        items = [x for x in _LIST_SPLIT.split(subject) if x]
        if len(items) < n:
            items = [x for x in _LIST_SPLIT_AND.split(subject) if x]
        if len(items) == 1 and n == 2 and items[0].endswith("产销"):
            base = items[0][: -len("产销")]
            return [base + "产量", base + "销量"]
        if len(items) != n:
            return None
        suffix = _MEASURE_SUFFIX.search(items[-1])
        if suffix and not any(_MEASURE_SUFFIX.search(x) for x in items[:-1]):
            items = [x + suffix.group(0) for x in items[:-1]] + [items[-1]]
        prefix = _SCOPE_PREFIX.match(items[0])
        if prefix:
            items = [items[0]] + [x if _SCOPE_PREFIX.match(x) else prefix.group(0) + x for x in items[1:]]
        return [self._compose(x, measure) for x in items]

    def _compose(self, item: str, measure: str) -> str:
        if not measure or item.endswith(measure):
            return item
        combined = item + measure
        if self.ctx.aliases.resolve(combined) or not self.ctx.aliases.resolve(item):
            return combined
        return item

    def _name(self, subject: str, is_part: bool) -> str:
        """The indicator name for a subject: as written, or a known name it plainly means."""
        aliases = self.ctx.aliases
        if is_part and self._parent is not None:
            composed = compose_part(subject, self._parent.subject)
            if composed != subject:
                return composed  # "其中新能源汽车10.1万辆" under 汽车产量 → 新能源汽车产量
        if aliases.resolve(subject):
            return subject
        known = aliases.known_suffix(subject)
        if known and _CONTEXT_END.search(subject[: len(subject) - len(known)]):
            return known  # "长春的地区生产总值" → 地区生产总值
        return subject


def to_observations(ctx: ParseContext, figures: Iterable[Figure]) -> list[Observation]:
    return [
        ctx.observation(
            indicator_raw=f.subject,
            period=f.period,
            value=f.value,
            unit=f.unit,
            yoy_pct=f.yoy,
            quote=f.quote,
            is_lower_bound=f.lower,
            is_estimate=f.estimate,
        )
        for f in figures
        if f.subject and (f.value is not None or f.yoy is not None)
    ]


def parse(page: Page, ctx: ParseContext) -> list[Observation]:
    """A prose release: every paragraph read; indicator tables on the page too."""
    period = document_period(page)
    figures = ProseReader(ctx, period).read(page.paragraphs)
    observations = to_observations(ctx, figures)
    observations.extend(table_observations(page, ctx, period, monthly=True)[1])
    if not observations:
        raise Quarantined("no_figures", "no sentence with a figure (amount or growth rate) in the release")
    return dedupe(observations)
