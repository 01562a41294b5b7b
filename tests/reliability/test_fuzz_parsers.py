"""Property-based fuzzing of every parser: any bytes end as observations or a quarantine reason.

Invariant (tests/reliability/fuzz_support.py::check_document): ``parse_document`` never raises
anything but ``Quarantined`` (and never ``parser_error``, a crashed parser), never hangs (a SIGALRM
bound per document), and every observation has a quote that prints each of its numbers — no silent
zeros. Documents come from three sources:

* real pages (the sample site and tests/fixtures/bulletins) mutated by up to four of: byte flips,
  truncation, deleted or duplicated tags, duplicated/deleted/shuffled table rows, re-encoding, a
  wrong charset declaration, huge or odd numbers, nested tables, absurd spans, entity bombs, spliced
  fragments of other pages, generated sentences;
* documents generated from a small grammar of bulletin sentences and tables, for every layout;
* each parser forced onto every real page (``parser=`` other than ``auto``).

The CI profile is derandomized (the same documents every run) and sized to ~30–40 s in all;
``TARGETWATCH_FUZZ_SCALE=20`` multiplies every example count for a local soak run. Each test
asserts how many documents it really parsed and records the count in
test-artifacts/reliability-fuzz-<test>.json (docs/reliability.md quotes the totals).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.decode import DecodeError, decode_bytes
from ingest.parsers.registry import PARSERS

from .fuzz_support import CORPUS, SCALE, Verdict, check_document

CI_EXAMPLES = {"mutated": 4000, "grammar": 2000, "hostile": 500, "forced": 600}


def fuzz_settings(kind: str) -> settings:
    return settings(
        derandomize=True,
        max_examples=CI_EXAMPLES[kind] * SCALE,
        deadline=None,  # time is bounded per document by check_document's alarm, not by Hypothesis
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def record(artifacts_dir: Path, name: str, verdicts: list[Verdict]) -> None:
    reasons = Counter(v.quarantined or "parsed" for v in verdicts)
    payload = {
        "test": name,
        "documents": len(verdicts),
        "observations": sum(v.observations for v in verdicts),
        "outcomes": dict(sorted(reasons.items())),
        "scale": SCALE,
    }
    (artifacts_dir / f"reliability-fuzz-{name}.json").write_text(json.dumps(payload, indent=1), encoding="utf-8")


# ---- mutations of real pages ------------------------------------------------------------------
_TAG = re.compile(rb"<[^<>]{0,200}>")
_ROW = re.compile(rb"<tr\b.*?</tr>", re.IGNORECASE | re.DOTALL)
_NUMBER = re.compile(rb"\d+(?:\.\d+)?")
_TABLE = re.compile(rb"<table\b.*?</table>", re.IGNORECASE | re.DOTALL)
_META_CHARSET = re.compile(rb"<meta[^>]*charset[^>]*>", re.IGNORECASE)

ODD_NUMBERS = [
    b"9" * 400,
    b"1e308",
    b"1e999",
    b"-0",
    b"0",
    b"0.0",
    b"1" + b"0" * 30,
    b"99999999999999999999.99999",
    b"NaN",
    b"inf",
    "\uff11\uff12\uff13".encode(),
    b"-----",
    b"1,234,567,890,123",
    b"3.",
    b".5",
    b"--1",
    b"1..2",
    b"\xe2\x80\xa6",
    b"",
]
ENCODINGS = ["gbk", "gb18030", "big5", "utf-16", "utf-16-be", "latin-1", "shift_jis", "utf-8-sig", "cp1252", "koi8-r"]
DECLARED = [b"utf-8", b"gb2312", b"gbk", b"big5", b"iso-8859-1", b"utf-16", b"bogus-charset", b"x-user-defined", b""]
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    + b"]>\n"
)
XXE = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://127.0.0.1:9/x">]>\n'


def _nth(pattern: re.Pattern[bytes], doc: bytes, k: int) -> re.Match[bytes] | None:
    matches = list(pattern.finditer(doc))
    return matches[k % len(matches)] if matches else None


def _replace(doc: bytes, match: re.Match[bytes] | None, new: bytes) -> bytes:
    return doc if match is None else doc[: match.start()] + new + doc[match.end() :]


def _reencode(doc: bytes, encoding: str) -> bytes:
    try:
        text = decode_bytes(doc).text
    except DecodeError:  # a mutated page may not decode: re-encode its lossy UTF-8 reading
        text = doc.decode("utf-8", errors="replace")
    return text.encode(encoding, errors="xmlcharrefreplace" if encoding != "utf-16" else "replace")


def _nest(doc: bytes, depth: int) -> bytes:
    table = _nth(_TABLE, doc, 0)
    inner = table.group(0) if table else b"<table><tr><td>GDP</td><td>1</td></tr></table>"
    nested = b"<table><tr><td>x</td><td>" * depth + inner + b"</td></tr></table>" * depth
    return _replace(doc, table, nested) if table else doc.replace(b"</body>", nested + b"</body>", 1)


KINDS = (
    "flip",
    "truncate",
    "delete_tag",
    "duplicate_tag",
    "duplicate_row",
    "delete_row",
    "shuffle_rows",
    "reencode",
    "declare",
    "number",
    "nest",
    "span",
    "bomb",
    "xxe",
    "splice",
    "sentence",
    "deep_div",
)
HOSTILE_KINDS = ("bomb", "xxe", "nest", "deep_div", "span")


@st.composite
def mutation(draw: st.DrawFn, doc: bytes, kinds: tuple[str, ...] = KINDS) -> bytes:
    """One mutation of ``doc`` (one branch per kind)."""
    kind = draw(st.sampled_from(kinds))
    size = max(len(doc), 1)
    if kind == "flip":
        pos = draw(st.integers(0, size - 1))
        return doc[:pos] + bytes([doc[pos] ^ draw(st.integers(1, 255))]) + doc[pos + 1 :] if doc else b"\x00"
    if kind == "truncate":
        return doc[: draw(st.integers(0, size))]
    if kind == "delete_tag":
        return _replace(doc, _nth(_TAG, doc, draw(st.integers(0, 500))), b"")
    if kind == "duplicate_tag":
        tag = _nth(_TAG, doc, draw(st.integers(0, 500)))
        return _replace(doc, tag, tag.group(0) * draw(st.integers(2, 5))) if tag else doc
    if kind == "duplicate_row":
        row = _nth(_ROW, doc, draw(st.integers(0, 100)))
        return _replace(doc, row, row.group(0) * 2) if row else doc
    if kind == "delete_row":
        return _replace(doc, _nth(_ROW, doc, draw(st.integers(0, 100))), b"")
    if kind == "shuffle_rows":
        rows = list(_ROW.finditer(doc))
        if len(rows) < 2:
            return doc
        order = draw(st.permutations(range(len(rows))))
        pieces, last = [], 0
        for slot, source in zip(rows, order, strict=True):
            pieces += [doc[last : slot.start()], rows[source].group(0)]
            last = slot.end()
        return b"".join(pieces) + doc[last:]
    if kind == "reencode":
        return _reencode(doc, draw(st.sampled_from(ENCODINGS)))
    if kind == "declare":
        meta = b'<meta charset="%s">' % draw(st.sampled_from(DECLARED))
        found = _META_CHARSET.search(doc)
        return _replace(doc, found, meta) if found else doc.replace(b"<head>", b"<head>" + meta, 1)
    if kind == "number":
        return _replace(doc, _nth(_NUMBER, doc, draw(st.integers(0, 2000))), draw(st.sampled_from(ODD_NUMBERS)))
    if kind == "nest":
        return _nest(doc, draw(st.sampled_from([1, 2, 5, 50, 300])))
    if kind == "span":
        cell = _nth(re.compile(rb"<td\b"), doc, draw(st.integers(0, 300)))
        attribute = draw(
            st.sampled_from(
                [
                    b' rowspan="999999"',
                    b' colspan="100000"',
                    b' colspan="-3"',
                    b' rowspan="0"',
                    b' colspan="1e9"',
                    b' rowspan="50" colspan="50"',
                ]
            )
        )
        return _replace(doc, cell, b"<td" + attribute) if cell else doc
    if kind == "bomb":
        body = _nth(re.compile(rb"<p>|<td>"), doc, draw(st.integers(0, 50)))
        return BILLION_LAUGHS + _replace(doc, body, (body.group(0) if body else b"") + b"&lol9;&lol9;")
    if kind == "xxe":
        return XXE + doc.replace(b"<body>", b"<body><p>&xxe;&net;</p>", 1)
    if kind == "splice":
        other = draw(st.sampled_from(CORPUS))
        start = draw(st.integers(0, max(len(other) - 1, 0)))
        piece = other[start : start + draw(st.integers(1, 2000))]
        pos = draw(st.integers(0, size))
        return doc[:pos] + piece + doc[pos:]
    if kind == "sentence":
        pos = draw(st.integers(0, size))
        return doc[:pos] + ("<p>" + draw(sentence()) + "</p>").encode() + doc[pos:]
    # deep_div
    depth = draw(st.sampled_from([100, 1000, 5000]))
    return doc.replace(b"<body>", b"<body>" + b"<div>" * depth, 1)


@st.composite
def mutated_page(draw: st.DrawFn) -> bytes:
    doc = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(1, 4))):
        doc = draw(mutation(doc))
    return doc


# ---- a small grammar of bulletin documents ---------------------------------------------------
INDICATORS = [
    "地区生产总值",
    "GDP",
    "第一产业增加值",
    "第二产业增加值",
    "第三产业增加值",
    "规模以上工业增加值",
    "规上工业总产值",
    "固定资产投资",
    "固定资产投资(不含农户)",
    "社会消费品零售总额",
    "居民消费价格",
    "全体居民人均可支配收入",
    "汽车产量",
    "新能源汽车产量",
    "粮食总产量",
    "城镇新增就业",
    "一般公共预算收入",
    "进出口总额",
    "房地产开发投资",
    "某某从未见过的指标",
]
PERIODS = [
    "1-2月",
    "1—3月",
    "1~6月",
    "1–9月",
    "前5个月",
    "一季度",
    "第一季度",
    "首季",
    "上半年",
    "前三季度",
    "全年",
    "1-本月",
    "2月份",
    "本月",
    "1-12月",
    "13月",
    "1-0月",
    "1-13月",
    "0月",
    "",
]
UNITS = ["亿元", "万元", "元", "万辆", "辆", "万人", "人", "万吨", "亿斤", "万平方米", "户", "%", "億元", "萬人", ""]
NUMBERS = st.one_of(
    st.decimals(min_value=-1000, max_value=100000, places=2, allow_nan=False, allow_infinity=False).map(str),
    st.integers(0, 10**6).map(str),
    st.sampled_from(["0", "0.0", "-0", "1e5", "9" * 40, "1,234.5", "…", "-", "—", "", "１２３", "3.", "NaN"]),
)
GROWTH = st.one_of(
    st.builds(
        lambda verb, n: f"{verb}{n}%",
        st.sampled_from(["增长", "同比增长", "下降", "比上年增长", "同比(下同)增长", "增长超过", "回落", "增速为"]),
        NUMBERS,
    ),
    st.builds(lambda n: f"增长{n}倍", NUMBERS),
    st.builds(lambda n: f"加快{n}个百分点", NUMBERS),
    st.just("持平"),
    st.just("基本持平"),
    st.builds(lambda a, b, c: f"分别增长{a}%、{b}%和{c}%", NUMBERS, NUMBERS, NUMBERS),
)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    period = draw(st.sampled_from(PERIODS))
    name = draw(st.sampled_from(INDICATORS))
    verb = draw(st.sampled_from(["实现", "达到", "完成", "", "突破", "预计"]))
    amount = f"{verb}{draw(NUMBERS)}{draw(st.sampled_from(UNITS))}" if draw(st.booleans()) else ""
    growth = draw(GROWTH) if draw(st.booleans()) or not amount else ""
    tail = draw(st.sampled_from(["。", ",", ";", "", "[1]", "①"]))
    return f"{period},全市{name}{amount},{growth}{tail}"


@st.composite
def table(draw: st.DrawFn) -> str:
    header = draw(
        st.sampled_from(
            [
                ["指标", "本月", "比去年同月增长(%)", "1-本月", "比去年同期增长(%)"],
                ["指标", "1-本月", "比去年同期增长(%)"],
                ["指标", "绝对额(亿元)", "比上年同期增长(%)"],
                ["指标名称", "比上年同期增长(%)"],
                ["产品名称", "单位", "产量", "比上年增长(%)"],
                ["项目", "数值"],
            ]
        )
    )
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        label = draw(st.sampled_from(INDICATORS)) + draw(
            st.sampled_from(["(亿元)", "(万辆)", "(%)", "", "(上年同月=100)"])
        )
        prefix = draw(st.sampled_from(["", "# ", "其中:", "\u3000\u3000"]))
        cells = [draw(NUMBERS) for _ in header[1:]]
        rows.append([prefix + label, *cells])
    html = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in [header, *rows])
    return f"<table>{html}</table>"


@st.composite
def generated_document(draw: st.DrawFn) -> bytes:
    year = draw(st.sampled_from(["2024", "2023", "1999", "2099", "20245", "二〇二四"]))
    period = draw(st.sampled_from(PERIODS))
    title = draw(
        st.sampled_from(
            [
                f"{year}年{period}全市经济运行情况",
                f"{year}年{period}主要经济指标",
                f"{year}年{period}全市地区生产总值",
                f"长春市{year}年国民经济和社会发展统计公报",
                f"{year}年长春市政府工作报告",
                f"{period}统计月报",
                "通知公告",
            ]
        )
    )
    blocks = draw(st.lists(st.one_of(sentence().map(lambda s: f"<p>{s}</p>"), table()), min_size=0, max_size=6))
    if "政府工作报告" in title:
        blocks.insert(0, f"<p>一、{int(year[:4]) - 1 if year[:4].isdigit() else year}年工作回顾</p>")
    charset = draw(st.sampled_from(["utf-8", "gb2312", ""]))
    meta = f'<meta charset="{charset}">' if charset else ""
    date = draw(st.sampled_from(["2024-07-18", "2024-13-45", "", "发布时间:2099-01-01"]))
    html = (
        f"<html><head>{meta}<title>{title}_长春市统计局</title></head><body><h1>{title}</h1>"
        f"<div class='info'><span class='date'>{date}</span></div><div id='zoom'>{''.join(blocks)}</div>"
        "</body></html>"
    )
    encoding = "gb18030" if charset == "gb2312" or (not charset and draw(st.booleans())) else "utf-8"
    return html.encode(encoding, errors="xmlcharrefreplace")


# ---- the tests ---------------------------------------------------------------------------------
def test_the_unmutated_corpus_parses_or_quarantines_as_the_layout_tests_expect():
    """Baseline: every real page satisfies the invariant, and most of them parse (the corpus is real)."""
    verdicts = [check_document(doc) for doc in CORPUS]
    parsed = [v for v in verdicts if v.quarantined is None]
    assert len(CORPUS) >= 55
    assert len(parsed) >= len(CORPUS) - 9  # the fixtures that exist to be quarantined
    assert all(v.observations > 0 for v in parsed)


def test_mutated_real_pages_parse_or_quarantine_never_crash_hang_or_invent_figures(artifacts_dir):
    verdicts: list[Verdict] = []

    @fuzz_settings("mutated")
    @given(mutated_page())
    def run(doc: bytes) -> None:
        verdicts.append(check_document(doc))

    run()
    record(artifacts_dir, "mutated", verdicts)
    assert len(verdicts) >= CI_EXAMPLES["mutated"] * SCALE * 0.9
    outcomes = {v.quarantined for v in verdicts}
    assert None in outcomes and len(outcomes) >= 4  # both outcomes, several quarantine reasons were reached


def test_generated_bulletins_parse_or_quarantine_never_crash_hang_or_invent_figures(artifacts_dir):
    verdicts: list[Verdict] = []

    @fuzz_settings("grammar")
    @given(generated_document())
    def run(doc: bytes) -> None:
        verdicts.append(check_document(doc))

    run()
    record(artifacts_dir, "grammar", verdicts)
    assert len(verdicts) >= CI_EXAMPLES["grammar"] * SCALE * 0.9
    assert sum(1 for v in verdicts if v.quarantined is None) > len(verdicts) / 10  # the grammar reaches parsers


@st.composite
def hostile_page(draw: st.DrawFn) -> bytes:
    doc = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(1, 3))):
        doc = draw(mutation(doc, HOSTILE_KINDS))
    return doc


def test_hostile_pages_are_bounded_in_time(artifacts_dir):
    """Entity bombs, external entities, 300-deep nested tables, 5000-deep divs, absurd spans: no hang."""
    verdicts: list[Verdict] = []

    @fuzz_settings("hostile")
    @given(hostile_page())
    def run(doc: bytes) -> None:
        verdicts.append(check_document(doc))

    run()
    record(artifacts_dir, "hostile", verdicts)
    assert len(verdicts) >= CI_EXAMPLES["hostile"] * SCALE * 0.9


def test_each_parser_forced_onto_every_page_quarantines_or_yields_quoted_figures(artifacts_dir):
    """`targetwatch parse --parser X` and a source pinned to a parser: a wrong layout is never a crash."""
    verdicts: list[Verdict] = []

    @fuzz_settings("forced")
    @given(st.sampled_from(CORPUS), st.sampled_from(sorted(PARSERS)), st.booleans())
    def run(doc: bytes, parser: str, mutate: bool) -> None:
        verdicts.append(
            check_document(doc if not mutate else doc[: len(doc) // 2] + doc[len(doc) // 2 + 7 :], parser=parser)
        )

    run()
    record(artifacts_dir, "forced", verdicts)
    assert len(verdicts) >= min(CI_EXAMPLES["forced"] * SCALE, len(CORPUS) * len(PARSERS)) * 0.9
