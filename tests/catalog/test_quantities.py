"""Number forms and units as the 2024 Changchun report writes them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.catalog.quantities import find_quantities, normalise_amount


@pytest.mark.parametrize(
    ("text", "value", "unit", "category"),
    [
        ("地区生产总值增长6.5%以上", "6.5", "%", "percent"),
        ("新投用人才公寓2万套", "20000", "套", "count"),
        ("民营经济主营业务收入达到1.5万亿元以上", "15000", "亿元", "money"),
        ("粮食产量力争达到260亿斤", "260", "亿斤", "grain"),
        ("全市算力规模达到1000P", "1000", "P", "count"),
        ("留长大学生11万人以上", "11", "万人", "people"),
        ("新建修缮农村公路4200公里", "4200", "公里", "count"),
        ("科技投入占财政支出比重提高1个百分点", "1", "个百分点", "pp"),
        ("新增民营企业8.5万户", "85000", "户", "count"),
        ("建设高标准农田300万亩", "3000000", "亩", "count"),
        ("新增住宿床位1万张以上", "10000", "张", "count"),
        ("培养产业工人10万名", "10", "万人", "people"),
        ("生猪养殖达到1100万头", "1100", "万头", "livestock"),
        ("商品房销售面积力争达到550万平方米", "550", "万平方米", "floor_area"),
        ("新能源车产量达到20万辆", "20", "万辆", "vehicles"),
        ("改造老旧小区 278个", "278", "个", "count"),
        ("力争7个产业产值平均实现两位数增长", "10", "%", "two_digit"),
        ("国考断面水质全部达标", "100", "%", "all_compliant"),
    ],
)
def test_the_last_quantity_of_a_clause_is_normalised_to_the_canonical_unit(text, value, unit, category):
    quantity = find_quantities(text)[-1]
    assert (quantity.value, quantity.unit, quantity.category) == (Decimal(value), unit, category)


@pytest.mark.parametrize(
    ("number", "multiplier", "unit", "expected"),
    [
        ("5000", "万", "元", (Decimal("0.5"), "亿元")),
        ("1.5", "万亿", "元", (Decimal("15000"), "亿元")),
        ("1.3", "万亿", "斤", (Decimal("13000"), "亿斤")),
        ("1.9", "万", "套", (Decimal("19000"), "套")),
        ("80", "万", "千瓦", (Decimal("800000"), "千瓦")),
        ("500", "", "人", (Decimal("0.05"), "万人")),
        ("30", "", "PFLOPS", (Decimal("30"), "P")),
    ],
)
def test_multipliers_are_applied_exactly(number, multiplier, unit, expected):
    value, canonical, _ = normalise_amount(number, multiplier, unit)
    assert (value, canonical) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024年政府工作总的要求是",
        "全面贯彻党的二十大和二十届二中全会精神",
        "深入落实省委“一主六双”高质量发展战略",
        "扎实推进全面振兴新突破三年攻坚行动",
        "实施3年攻坚行动",
        "完善10分钟健身圈",
        "将0—3岁婴幼儿托育纳入学前教育体系",
        "8类从业人员预防性体检免费",
        "启动轻轨3号线扩能改造",
        "新建长榆高速、国道102绕越线",
        "加强5G基础设施建设布局",
        "PM2.5浓度持续下降",
        "第06版:区域传真·长春",
    ],
)
def test_years_sessions_slogans_durations_and_names_are_not_quantities(text):
    assert find_quantities(text) == []


def test_unknown_units_are_rejected():
    with pytest.raises(ValueError, match="unknown unit"):
        normalise_amount("3", "", "年")
