"""Milestones: a named project reaching a dated, observable state (opens, is completed, is approved…).

A clause with no quantity is a milestone when it ends with a completion verb (地铁6号线开通运营,
奥迪PPE一期实现量产, …规划获批) or starts with a start-of-works verb (开工建设比亚迪动力电池二期,
启动轻轨3号线扩能改造), or holds a first edition of an event (办好首届长春国际光博会), and its subject
names a project (a line, road, plant phase, project, plan, centre, fair…). An enumeration closed by 等
gives one milestone per item: 长太、长烟、都市圈东环段等高速公路通车 → three openings.
"""

from __future__ import annotations

import re

_COMPLETION_VERBS = (
    "开通运营", "建成通车", "主线通车", "全线通车", "通车", "全面建成", "建成投用", "建成投运",
    "投入使用", "投入运营", "实现量产", "量产", "投产", "竣工", "获批", "开工",
)  # fmt: skip
_START_OF_WORKS = re.compile(r"^(?P<verb>开工建设|启动建设|启动)(?P<subject>.+)$")
_FIRST_EDITION = re.compile(r"^(?P<verb>办好|举办|筹办)(?P<subject>(?:首届|第[一二三四五六七八九十百\d]+届).+)$")
_PROJECT_NOUN = re.compile(
    r"号线|干线|专线|延长线|绕越线|轻轨|地铁|铁路|快速路|公路|大路|大街|环路|道路|高速|隧道|通道|桥|机场|车站|港|枢纽|"
    r"项目|工程|[一二三四五六七八九十\d]期|园区|产业园|中心|场馆|体育馆|博物馆|医院|厂|基地|管网|规划|(?:博|览|易|展|动|谈|峰)会"
)
_WORKS = re.compile(r"建设|改造|工程|施工|扩能")
_LEADING = re.compile(r"^(?:推动|推进|加快|确保|力争|争取|全力|全年|年内|今年|要)+")
_ADVERBS = re.compile(r"(?:尽快|如期|按期|顺利|年内|基本)+$")
_GENERIC_NOUNS = {"工程", "项目", "重点项目", "一批项目", "重大项目"}


def find_milestones(clause: str) -> list[str]:
    """Milestone phrases in one clause (matching form), one per project; [] when it is not a milestone."""
    text = _LEADING.sub("", clause.strip())
    if not text:
        return []
    for verb in _COMPLETION_VERBS:
        if text.endswith(verb):
            subject = _ADVERBS.sub("", text[: -len(verb)]).strip()
            return _per_item(subject, verb) if _names_project(subject) else []
    first = _FIRST_EDITION.match(text)
    if first and len(first.group("subject")) <= 40:
        return [first.group("verb") + first.group("subject")]
    start = _START_OF_WORKS.match(text)
    if start:
        subject = start.group("subject")
        needs_works = start.group("verb") == "启动"
        if _names_project(subject) and (not needs_works or _WORKS.search(subject)):
            return [start.group("verb") + subject]
    return []


def _names_project(subject: str) -> bool:
    return 2 <= len(subject) <= 40 and bool(_PROJECT_NOUN.search(subject))


def _per_item(subject: str, verb: str) -> list[str]:
    if "等" not in subject:
        return [subject + verb]
    listed, _, common = subject.partition("等")
    items = [item.strip() for item in listed.split("、") if item.strip()]
    if len(items) < 2:
        return [subject + verb]
    suffix = "" if common in _GENERIC_NOUNS else common
    return [item + suffix + verb for item in items]
