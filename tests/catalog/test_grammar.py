"""The wording of targets, on real sentences of the 2024 Changchun report (and two national ones)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.catalog.grammar import find_targets


def summary(sentence: str) -> list[tuple[str, str, str, str, str]]:
    return [
        (f.metric, f.comparator, "" if f.value is None else str(f.value), f.unit, f.phrase)
        for f in find_targets(sentence)
    ]


def test_the_main_targets_paragraph_gives_one_row_per_target():
    sentence = (
        "全市经济社会发展主要预期目标是:地区生产总值增长6.5%以上,规上工业总产值增长8%左右,固定资产投资增长4%左右,"
        "社会消费品零售总额增长8%左右,一般公共预算收入增长7%左右,CPI涨幅控制在3%左右,城乡居民收入与经济增长基本同步。"
    )
    assert summary(sentence) == [
        ("growth_pct", "at_least", "6.5", "%", "地区生产总值"),
        ("growth_pct", "about", "8", "%", "规上工业总产值"),
        ("growth_pct", "about", "4", "%", "固定资产投资"),
        ("growth_pct", "about", "8", "%", "社会消费品零售总额"),
        ("growth_pct", "about", "7", "%", "一般公共预算收入"),
        ("growth_pct", "at_most", "3", "%", "CPI涨幅"),
        ("relation", "about", "0", "个百分点", "城乡居民收入"),
    ]


@pytest.mark.parametrize(
    ("clause", "comparator"),
    [
        ("地区生产总值增长6.5%以上", "at_least"),
        ("规上工业总产值增长8%左右", "about"),
        ("CPI涨幅控制在3%左右", "at_most"),
        ("城镇调查失业率控制在5.5%以内", "at_most"),
        ("装备制造业产值超过530亿元", "more_than"),
        ("光电信息产业产值突破900亿元", "more_than"),
        ("新能源车产量达到20万辆", "reach"),
        ("新增民营企业8.5万户", "reach"),
        ("全年旅游收入力争达到3000亿元", "strive"),
        ("粮食产量力争达到260亿斤", "strive"),
        ("汽车产业产值达到5000亿元以上", "at_least"),
    ],
)
def test_comparators_come_from_the_wording(clause, comparator):
    (finding,) = find_targets(clause)
    assert finding.comparator == comparator


def test_strive_covers_the_rest_of_the_sentence_and_the_subject_count_is_not_a_target():
    sentence = "力争7个产业产值平均实现两位数增长,总规模达到1400亿元。"
    assert summary(sentence) == [
        ("growth_pct", "strive", "10", "%", "7个产业产值平均"),
        ("level", "strive", "1400", "亿元", "总规模"),
    ]


def test_strive_does_not_reach_back_to_earlier_clauses():
    sentence = "建设高标准农田300万亩,粮食产量力争达到260亿斤。"
    assert [f.comparator for f in find_targets(sentence)] == ["reach", "strive"]


def test_respectively_pairs_subjects_with_values():
    assert summary("国家高新技术企业、科技型中小企业分别突破3000户和4500户。") == [
        ("count", "more_than", "3000", "户", "国家高新技术企业"),
        ("count", "more_than", "4500", "户", "科技型中小企业"),
    ]
    assert [(f.metric, f.value) for f in find_targets("政务服务、行政许可事项即办件分别占到53%和43%。")] == [
        ("share_pct", Decimal(53)),
        ("share_pct", Decimal(43)),
    ]


def test_a_list_of_targets_in_one_clause():
    sentence = "打造“千村美丽”村200个、“百村示范”村30个,村屯绿化覆盖率达到30%以上。"
    assert summary(sentence) == [
        ("count", "reach", "200", "个", "打造“千村美丽”村"),
        ("count", "reach", "30", "个", "“百村示范”村"),
        ("share_pct", "at_least", "30", "%", "村屯绿化覆盖率"),
    ]


def test_qualifying_amounts_are_not_targets():
    sentence = "重大节点提级推进,全年实施 5000万元以上项目超过1300个,完成固定资产投资2000亿元以上。"
    assert summary(sentence) == [
        ("count", "more_than", "1300", "个", "实施 5000万元以上项目"),
        ("level", "at_least", "2000", "亿元", "完成固定资产投资"),
    ]
    assert summary("发展壮大村集体经济,收入30万元以上村占比达到50%。") == [
        ("share_pct", "reach", "50", "%", "收入30万元以上村占比"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "坚决落实国家支持民营经济“金融25条”,合理提高新增贷款中民营经济贷款占比。",
        "聚焦航空航天、新型半导体、前沿新材料、数字经济等7个细分领域新赛道,逐个编制规划、出台政策。",
        "加快实施新能源+增量配电网、80万千瓦风电制氢合成氨等项目,推广氢燃料汽车应用场景。",
        "2024年政府工作总的要求是:全面贯彻党的二十大和二十届二中全会精神,深入落实省委“一主六双”高质量发展战略。",
        "扎实开展安全生产治本攻坚三年行动,巩固拓展源头治理成果。",
        "8类从业人员预防性体检免费。",
        "认真做好第五次全国经济普查。",
    ],
)
def test_sentences_without_targets(sentence):
    assert find_targets(sentence) == []


def test_a_number_before_the_noun_it_counts_is_a_target():
    assert summary("支持企业技改扩能,完成600户工业企业智改数转,建成15个“小灯塔”智能工厂。") == [
        ("count", "reach", "600", "户", "完成工业企业智改数转"),
        ("count", "reach", "15", "个", "建成“小灯塔”智能工厂"),
    ]
    assert summary("畅通城区微循环,打通50条以上断头路、卡脖路和区域间通道。") == [
        ("count", "at_least", "50", "条", "打通断头路、卡脖路和区域间通道"),
    ]


@pytest.mark.parametrize(
    ("clause", "metric", "value", "unit"),
    [
        ("科技投入占财政支出比重提高1个百分点", "pp_change", "1", "个百分点"),
        ("养老机构护理床位占比超过65%", "share_pct", "65", "%"),
        ("政府采购面向中小企业预留40%以上份额", "share_pct", "40", "%"),
        ("农村低保标准达到城市低保标准的80%以上", "share_pct", "80", "%"),
        ("国考断面水质全部达标", "share_pct", "100", "%"),
        ("脱贫人口收入增长18%", "growth_pct", "18", "%"),
        ("单位国内生产总值能耗降低2.5%左右", "growth_pct", "-2.5", "%"),
        ("新能源车产量达到20万辆", "level", "20", "万辆"),
        ("民营经济主营业务收入达到1.5万亿元以上", "level", "15000", "亿元"),
        ("城镇新增就业8.7万人", "level", "8.7", "万人"),
        ("新建提升口袋公园40处", "count", "40", "处"),
        ("新投用人才公寓2万套", "count", "20000", "套"),
        ("全市算力规模达到1000P", "count", "1000", "P"),
    ],
)
def test_metric_value_and_unit(clause, metric, value, unit):
    (finding,) = find_targets(clause)
    assert (finding.metric, str(finding.value), finding.unit) == (metric, value, unit)


def test_income_in_step_with_the_economy_is_a_relation():
    for wording in ("城乡居民收入与经济增长基本同步", "居民收入增长和经济增长同步"):
        (finding,) = find_targets(wording)
        assert (finding.metric, finding.comparator, finding.value, finding.unit) == ("relation", "about", 0, "个百分点")
        assert finding.related_phrase == "地区生产总值"


def test_milestones_one_per_project():
    sentence = (
        "完善市内“双快”系统,启动轻轨3号线扩能改造,地铁6号线开通运营,世纪大街快速路全面建成,"
        "南四环快速路、东南湖大路延长线、人民大街下穿隧道等工程主线通车。"
    )
    assert [(f.metric, f.comparator, f.value, f.unit, f.phrase) for f in find_targets(sentence)] == [
        ("milestone", "reach", None, "", "启动轻轨3号线扩能改造"),
        ("milestone", "reach", None, "", "地铁6号线开通运营"),
        ("milestone", "reach", None, "", "世纪大街快速路全面建成"),
        ("milestone", "reach", None, "", "南四环快速路主线通车"),
        ("milestone", "reach", None, "", "东南湖大路延长线主线通车"),
        ("milestone", "reach", None, "", "人民大街下穿隧道主线通车"),
    ]
    phrases = [f.phrase for f in find_targets("新建长榆高速、国道102绕越线,长太、长烟、都市圈东环段等高速公路通车。")]
    assert phrases == ["长太高速公路通车", "长烟高速公路通车", "都市圈东环段高速公路通车"]


@pytest.mark.parametrize(
    "sentence",
    [
        "启动新一轮双拥创建。",
        "到2035年小康社会全面建成。",
        "国家城乡融合发展改革试点获批。",
        "建成全市统一的应急管理指挥平台,实现一网感知。",
        "加快中车新能源商用车、旭阳改装车等项目落地。",
        "确保完成“保交楼”任务。",
    ],
)
def test_tasks_without_a_dated_project_state_are_not_milestones(sentence):
    assert find_targets(sentence) == []


# Wordings other reports use (sentences written for these tests in the common report style).


def test_strive_ends_with_its_statement():
    sentence = "地区生产总值增长5.5%左右,在实际工作中努力争取更好结果;规上工业增加值增长6.5%;出口总额增长4%。"
    assert [(f.comparator, str(f.value)) for f in find_targets(sentence)] == [
        ("about", "5.5"),
        ("reach", "6.5"),
        ("reach", "4"),
    ]


@pytest.mark.parametrize(
    ("clause", "metric", "comparator", "value", "unit"),
    [
        ("新增护理型养老床位1500余张", "count", "more_than", "1500", "张"),
        ("城镇新增就业2万多人", "level", "more_than", "2", "万人"),
        ("可再生能源装机容量超420万千瓦", "count", "more_than", "4200000", "千瓦"),
        ("全市生产总值增长6%-6.5%", "growth_pct", "at_least", "6", "%"),
        ("地方一般公共预算收入与上年基本持平", "growth_pct", "about", "0", "%"),
        ("农村居民人均可支配收入达到30657元", "level", "reach", "30657", "元"),
        ("每户补贴100元", "level", "reach", "100", "元"),
        ("发放创业担保贷款15.7亿元", "level", "reach", "15.7", "亿元"),
        ("高标准农田达11.7万亩", "count", "reach", "117000", "亩"),
    ],
)
def test_other_reports_wordings(clause, metric, comparator, value, unit):
    (finding,) = find_targets(clause)
    assert (finding.metric, finding.comparator, str(finding.value), finding.unit) == (metric, comparator, value, unit)


def test_a_second_figure_without_subject_belongs_to_the_first():
    assert summary("社会消费品零售总额达到2250亿元、增长8%左右。") == [
        ("level", "reach", "2250", "亿元", "社会消费品零售总额"),
        ("growth_pct", "about", "8", "%", "社会消费品零售总额"),
    ]


def test_respective_subjects_share_their_tail():
    assert [f.phrase for f in find_targets("城镇、农村居民人均可支配收入分别增长6%和7%。")] == [
        "城镇居民人均可支配收入",
        "农村居民人均可支配收入",
    ]
    assert [f.phrase for f in find_targets("城乡居民人均可支配收入分别增长6%、7%。")] == [
        "城镇居民人均可支配收入",
        "农村居民人均可支配收入",
    ]
    assert [f.phrase for f in find_targets("政务服务、行政许可事项即办件分别占到53%和43%。")] == [
        "政务服务事项即办件",
        "行政许可事项即办件",
    ]


def test_budget_revenue_in_step_with_the_economy():
    (finding,) = find_targets("地方一般公共预算收入增速与经济增速同步")
    assert (finding.metric, finding.phrase) == ("relation", "地方一般公共预算收入增速")
