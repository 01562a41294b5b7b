"""The clause reader, one wording rule per test (bulletin-formats.md, "Periods and wording")."""

from __future__ import annotations

from collections.abc import Callable

from ingest.parsers.periods import full_year, single_month, ytd
from ingest.parsers.prose import Figure, clean_subject

Q1 = ytd(2024, 3, "quarter_ytd")
FEB = ytd(2024, 2)
YEAR = full_year(2024)


def table(figures: list[Figure]) -> list[tuple[object, ...]]:
    return [(f.subject, f.value, f.unit, f.yoy) for f in figures]


def test_subject_value_and_inherited_growth(read_prose: Callable) -> None:
    figures, _ = read_prose("1~2月,全市社会消费品零售总额1116亿元,同比增长5.2%。", FEB)
    assert table(figures) == [("社会消费品零售总额", 1116.0, "亿元", 5.2)]
    assert figures[0].period == FEB
    assert figures[0].quote == "1~2月,全市社会消费品零售总额1116亿元,同比增长5.2%"


def test_comparison_with_the_country_and_rank_are_not_figures(read_prose: Callable) -> None:
    figures, _ = read_prose("1—2月,全市规模以上工业增加值同比增长8.7%,高于全国1.7个百分点,增速居全省第2位。", FEB)
    assert table(figures) == [("规模以上工业增加值", None, None, 8.7)]


def test_of_which_inherits_the_parent_measure(read_prose: Callable) -> None:
    figures, _ = read_prose("汽车产量35.6万辆,同比增长6.0%,其中新能源汽车10.1万辆,增长91.5%。", FEB)
    assert table(figures) == [("汽车产量", 35.6, "万辆", 6.0), ("新能源汽车产量", 10.1, "万辆", 91.5)]


def test_of_which_breakdown_is_not_the_gdp_component(read_prose: Callable) -> None:
    figures, _ = read_prose("全市固定资产投资完成167.8亿元,同比增长11.7%。其中,第一产业增长25.3%。", Q1)
    assert table(figures)[1] == ("第一产业投资", None, None, 25.3)


def test_inherited_yoy_from_xia_tong(read_prose: Callable) -> None:
    figures, _ = read_prose("一季度,全市GDP实现1534.4亿元,同比(下同)增长7.1%。全市工业增加值增长12.3%。", Q1)
    assert table(figures) == [("GDP", 1534.4, "亿元", 7.1), ("工业增加值", None, None, 12.3)]


def test_aligned_lists_one_figure_per_item(read_prose: Callable) -> None:
    figures, _ = read_prose(
        "全市一产、二产、三产分别实现增加值52.9亿元、539.4亿元和942.1亿元,分别增长3.1%、11.7%和4.8%。", Q1
    )
    assert table(figures) == [
        ("一产增加值", 52.9, "亿元", 3.1), ("二产增加值", 539.4, "亿元", 11.7), ("三产增加值", 942.1, "亿元", 4.8),
    ]  # fmt: skip


def test_list_items_keep_a_known_name_when_item_and_measure_is_unknown(read_prose: Callable) -> None:
    figures, _ = read_prose("第一产业、第二产业分别实现产出10亿元、20亿元。", Q1)
    assert [f.subject for f in figures] == ["第一产业", "第二产业"]


def test_shared_suffix_and_scope_go_to_every_item(read_prose: Callable) -> None:
    text = "猪、牛、羊出栏量分别增长3.3%、5.1%、3.7%。限上批发业、零售业销售额分别增长3.1%、14.4%。"
    figures, _ = read_prose(text, Q1)
    assert [f.subject for f in figures] == ["猪出栏量", "牛出栏量", "羊出栏量", "限上批发业销售额", "限上零售业销售额"]
    assert [f.yoy for f in figures] == [3.3, 5.1, 3.7, 3.1, 14.4]


def test_respectively_over_the_figures_before_it(read_prose: Callable) -> None:
    figures, _ = read_prose("接待游客1.7亿人次,旅游总花费突破3000亿元,分别增长15.6%、24.4%。", YEAR)
    assert table(figures) == [("接待游客", 1.7, "亿人次", 15.6), ("旅游总花费", 3000.0, "亿元", 24.4)]
    assert [f.lower for f in figures] == [False, True]


def test_production_and_sales_contraction(read_prose: Callable) -> None:
    figures, _ = read_prose("一汽在长春的整车产销分别完成37.5万辆和37.6万辆,分别同比增长22.1%和27.3%。", Q1)
    assert table(figures) == [
        ("一汽在长春的整车产量", 37.5, "万辆", 22.1), ("一汽在长春的整车销量", 37.6, "万辆", 27.3),
    ]  # fmt: skip


def test_decline_flat_and_times(read_prose: Callable) -> None:
    figures, _ = read_prose("固定资产投资下降11.8%,房地产开发投资与上年同期持平,商品房销售面积增长1.2倍。", YEAR)
    assert table(figures) == [
        ("固定资产投资", None, None, -11.8), ("房地产开发投资", None, None, 0.0), ("商品房销售面积", None, None, 120.0),
    ]  # fmt: skip


def test_percentage_points_of_a_rate_are_never_stored(read_prose: Callable) -> None:
    figures, _ = read_prose("全市规上工业总产值增长10.7%,比上年全年加快1.8个百分点。", Q1)
    assert table(figures) == [("规上工业总产值", None, None, 10.7)]


def test_share_and_its_change_in_percentage_points(read_prose: Callable) -> None:
    figures, _ = read_prose("科技投入占财政支出比重为3.2%,比上年提高1.2个百分点。", YEAR)
    assert table(figures) == [("科技投入占财政支出比重", 3.2, "%", None)]
    change, _ = read_prose("科技投入占财政支出比重比上年提高1.2个百分点。", YEAR)
    assert table(change) == [("科技投入占财政支出比重", 1.2, "个百分点", None)]
    quarter, _ = read_prose("第三产业比重比上年全年提高2个百分点。", Q1)
    assert quarter == []


def test_not_year_on_year_is_left_out_with_a_warning(read_prose: Callable) -> None:
    figures, ctx = read_prose("2月份,全市居民消费价格同比上涨0.3%,环比上涨0.5%。地区生产总值两年平均增长5.1%。", FEB)
    assert table(figures) == [("居民消费价格", None, None, 0.3)]
    assert figures[0].period == single_month(2024, 2)
    assert len(ctx.warnings) == 2


def test_environment_by_default_month_on_month(read_prose: Callable) -> None:
    figures, _ = read_prose("6月份,全市居民消费价格环比(下同)上涨0.2%。食品价格上涨0.5%。", ytd(2024, 6))
    assert figures == []


def test_period_switches_within_a_paragraph_and_resets_after(read_prose: Callable) -> None:
    figures, _ = read_prose(
        "1-6月,全市规上工业增加值增长8.1%;6月份,增长7.2%,全市汽车产量20万辆。\n全市社会消费品零售总额增长5%。",
        ytd(2024, 6, "quarter_ytd"),
    )
    assert [(f.subject, f.period) for f in figures] == [
        ("规上工业增加值", ytd(2024, 6)), ("汽车产量", single_month(2024, 6)),
        ("社会消费品零售总额", ytd(2024, 6, "quarter_ytd")),
    ]  # fmt: skip


def test_estimates_and_lower_bounds(read_prose: Callable) -> None:
    figures, _ = read_prose("预计全年地区生产总值增长6.5%以上,规上工业总产值增长8%。", YEAR)
    assert [(f.subject, f.estimate, f.lower) for f in figures] == [
        ("地区生产总值", True, True), ("规上工业总产值", True, False),
    ]  # fmt: skip
    inside, _ = read_prose("地区生产总值预计增长6.5%,规上工业总产值增长8%,新增企业300余家。", YEAR)
    assert [(f.subject, f.estimate, f.lower) for f in inside] == [
        ("地区生产总值", True, False), ("规上工业总产值", False, False), ("新增企业", False, True),
    ]  # fmt: skip


def test_amounts_inside_names_are_not_figures(read_prose: Callable) -> None:
    figures, ctx = read_prose(
        "实施投资5000万元以上项目1381个,超10亿元项目扎实推进,果断出台稳增长26条等一揽子措施,新建300公里燃气管网。",
        YEAR,
    )
    assert table(figures) == [("实施投资5000万元以上项目", 1381.0, "个", None)]
    assert [w for w in ctx.warnings if "inside a phrase" in w] == [
        "an amount inside a phrase, left out: '新建300公里燃气管网'"
    ]


def test_a_count_inside_the_subject_of_another_figure(read_prose: Callable) -> None:
    figures, _ = read_prose("聚焦新赛道,7个产业产值总规模达到1236亿元、平均增长8.3%。", YEAR)
    assert table(figures) == [("7个产业产值总规模", 1236.0, "亿元", 8.3)]


def test_number_before_its_noun(read_prose: Callable) -> None:
    figures, _ = read_prose("建成15个“小灯塔”智能工厂,325个产业项目竣工投产。", YEAR)
    assert table(figures) == [("建成小灯塔智能工厂", 15.0, "个", None), ("产业项目竣工投产", 325.0, "个", None)]


def test_absolute_changes_are_not_levels(read_prose: Callable) -> None:
    figures, ctx = read_prose("年末全市常住人口910.19万人,比上年末减少0.35万人。", YEAR)
    assert table(figures) == [("常住人口", 910.19, "万人", None)]
    assert ctx.warnings


def test_year_end_stock_compared_with_last_year_end(read_prose: Callable) -> None:
    figures, _ = read_prose("年末全市金融机构本外币各项存款余额16522.4亿元,比上年末增长8.7%。", YEAR)
    assert table(figures) == [("金融机构本外币各项存款余额", 16522.4, "亿元", 8.7)]
    monthly, ctx = read_prose("6月末,全市金融机构本外币各项存款余额16000亿元,比上年末增长5.1%。", ytd(2024, 6))
    assert table(monthly) == [("金融机构本外币各项存款余额", 16000.0, "亿元", None)]  # 6月末 vs 12月末: not yoy
    assert ctx.warnings


def test_footnote_markers_and_conversions_are_removed(read_prose: Callable) -> None:
    figures, _ = read_prose(
        "初步核算,全年全市实现地区生产总值[2]1002.18亿元,按可比价格计算,比上年增长3.8%。全年粮食总产量100亿斤(500万吨)。",
        YEAR,
    )
    assert table(figures) == [("地区生产总值", 1002.18, "亿元", 3.8), ("粮食总产量", 100.0, "亿斤", None)]


def test_only_year_drops_figures_of_other_years(read_prose: Callable) -> None:
    figures, _ = read_prose("2023年,全市地区生产总值增长6.6%。全市规上工业总产值增长8%。", YEAR, only_year=2024)
    assert table(figures) == []
    figures, _ = read_prose("2024年,全市地区生产总值增长6.6%。", YEAR, only_year=2024)
    assert table(figures) == [("地区生产总值", None, None, 6.6)]


def test_unaligned_lists_are_left_out_with_a_warning(read_prose: Callable) -> None:
    figures, ctx = read_prose("猪、牛、羊出栏量分别增长3.3%、5.1%。", Q1)
    assert figures == []
    assert any("does not list" in w for w in ctx.warnings)


def test_clean_subject() -> None:
    assert clean_subject("全市规模以上工业增加值同比") == "规模以上工业增加值"
    assert clean_subject("长春市实现地区生产总值") == "地区生产总值"
    assert clean_subject("全市服务业实现增加值") == "服务业增加值"
    assert clean_subject("固定资产投资规模达到") == "固定资产投资"
    assert clean_subject("GDP实现") == "GDP"
    assert clean_subject("城市轨道车辆") == "城市轨道车辆"
