"""What the next year's work report says about last year's targets (工作回顾).

Statistical results (``STAT_ITEMS``) come from the truth, so the review agrees with the bureau's
figures. Changchun's 2024 review (``CHANGCHUN_2024``) also reports the department-level targets of
the 2024 report with a designed mix of outcomes; each item keeps the noun phrase of the 2024 report
(``phrase``, which occurs in the report text) so results map onto the catalog. ``NOT_MENTIONED``
lists the quantified 2024 targets the review leaves out, as real reviews do with bad news.

Counts are written in base units (21000套, not 2.1万套) because the ``unit_conversions`` seed has no
万套/万张/万户/万亩 yet (the quality gate blocks units it cannot convert); real reviews use the 万
forms, so add those conversions before switching back.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.sitegen.numbers import fmt
from ingest.sitegen.truth import Truth

OUTCOMES = ("achieved", "missed_narrowly", "missed", "done", "bureau")


@dataclass(frozen=True)
class ReviewItem:
    phrase: str  # noun phrase of the 2024 work report
    text: str  # the review's words; {v}/{g} are filled from the truth for "bureau" items
    outcome: str = "achieved"  # designed outcome (see OUTCOMES); "bureau": whatever the statistics say
    value: str = ""  # truth value key for {v}
    growth: str = ""  # truth value key for {g}


def truth_values(truth: Truth, year: int) -> dict[str, str]:
    """The year-end figures a review quotes, rounded as a work report prints them."""
    flows = truth.flows
    cut = truth.gdp[(year, 4)]
    return {
        "gdp_g": fmt(cut.growth["gdp"], 1),
        "ind_output_g": fmt(flows["ind_output"].ytd_growth(year, 12), 1),
        "fai_g": fmt(flows["fai"].ytd_growth(year, 12), 1),
        "fai_level": fmt(flows["fai"].ytd(year, 12), 1),
        "retail_g": fmt(flows["retail"].ytd_growth(year, 12), 1),
        "retail_level": fmt(flows["retail"].ytd(year, 12), 1),
        "budget_g": fmt(flows["budget"].ytd_growth(year, 12), 1),
        "budget_level": fmt(flows["budget"].ytd(year, 12), 1),
        "trade_g": fmt(flows["trade"].ytd_growth(year, 12), 1),
        "nev_level": fmt(flows["nev"].ytd(year, 12), 1),
        "jobs_level": fmt(flows["jobs"].ytd(year, 12), 1),
        "urban_income_g": fmt(truth.incomes["income_urban"].ytd_growth(year, 4), 1),
        "rural_income_g": fmt(truth.incomes["income_rural"].ytd_growth(year, 4), 1),
        "grain_yijin": fmt(truth.annual["grain"][year] / 5, 1),  # 1亿斤 = 5万吨
    }


def item_text(item: ReviewItem, values: dict[str, str]) -> str:
    return item.text.format(v=values.get(item.value, ""), g=values.get(item.growth, ""))


# The headline paragraph: every region's review has it.
STAT_ITEMS: tuple[ReviewItem, ...] = (
    ReviewItem("地区生产总值", "全市地区生产总值预计增长{g}%", "bureau", growth="gdp_g"),
    ReviewItem("规上工业总产值", "规上工业总产值增长{g}%", "bureau", growth="ind_output_g"),
    ReviewItem("固定资产投资", "固定资产投资完成{v}亿元、增长{g}%", "bureau", "fai_level", "fai_g"),
    ReviewItem("社会消费品零售总额", "社会消费品零售总额达到{v}亿元、增长{g}%", "bureau", "retail_level", "retail_g"),
    ReviewItem("一般公共预算收入", "一般公共预算收入完成{v}亿元、增长{g}%", "bureau", "budget_level", "budget_g"),
    ReviewItem("进出口额", "进出口额增长{g}%", "bureau", growth="trade_g"),
    ReviewItem("城乡居民收入", "城镇常住居民人均可支配收入增长{g}%", "bureau", growth="urban_income_g"),
    ReviewItem("城乡居民收入", "农村常住居民人均可支配收入增长{g}%", "bureau", growth="rural_income_g"),
)
# Statistical results quoted in the topical paragraphs.
NEV = ReviewItem("新能源车产量", "新能源车产量达到{v}万辆", "bureau", "nev_level")
GRAIN = ReviewItem("粮食产量", "粮食产量达到{v}亿斤", "bureau", "grain_yijin")
JOBS = ReviewItem("城镇新增就业", "城镇新增就业{v}万人", "bureau", "jobs_level")

A, N, M, D = "achieved", "missed_narrowly", "missed", "done"

# (paragraph lead, items) in the order of the 2024 report's sections.
CHANGCHUN_2024: tuple[tuple[str, tuple[ReviewItem, ...]], ...] = (
    (
        "(一)科技创新能力持续增强。",
        (
            ReviewItem("共建科技产业园区", "与高校院所共建科技产业园区达到15个", A),
            ReviewItem("科技成果本地转化", "科技成果本地转化3126项", A),
            ReviewItem("新增“专精特新”企业", "新增“专精特新”企业326户", A),
            ReviewItem("国家高新技术企业", "国家高新技术企业突破3200户", A),
            ReviewItem("科技型中小企业", "科技型中小企业达到4386户", N),
            ReviewItem("科技投入占财政支出比重", "科技投入占财政支出比重提高0.8个百分点", N),
            ReviewItem("国家汽车智能集成", "国家汽车智能集成创新中心获批", D),
            ReviewItem("新投用人才公寓", "新投用人才公寓21000套", A),
            ReviewItem("留长大学生", "留长大学生11.6万人", A),
        ),
    ),
    (
        "(二)产业结构加快优化升级。",
        (
            ReviewItem("奥迪PPE一期实现量产", "奥迪PPE一期实现量产", D),
            ReviewItem("比亚迪动力电池二期", "开工建设比亚迪动力电池二期", D),
            NEV,
            ReviewItem("汽车产业产值", "汽车产业产值达到4865亿元", N),
            ReviewItem("装备制造业产值", "装备制造业产值超过550亿元", A),
            ReviewItem("工业企业智改数转", "工业企业智改数转612户", A),
            ReviewItem("“小灯塔”智能工厂", "建成“小灯塔”智能工厂16个", A),
            ReviewItem("奥普光电元器件等项目投产", "奥普光电元器件等项目投产", D),
            ReviewItem("首届长春国际光博会", "成功举办首届长春国际光博会", D),
            ReviewItem("光电信息产业产值", "光电信息产业产值达到862亿元", N),
            ReviewItem("生物医药和生命健康产业产值和营收", "生物医药和生命健康产业产值和营收达到1020亿元", A),
            ReviewItem("旅游收入", "全年旅游收入达到2846亿元", N),
            ReviewItem("算力规模", "全市算力规模达到1200P", A),
            ReviewItem("7个产业产值", "聚焦新赛道,7个产业产值总规模达到1236亿元、平均增长8.3%", M),
        ),
    ),
    (
        "(三)内需潜力持续释放。",
        (
            ReviewItem("新增租赁住房", "新增租赁住房19200套", A),
            ReviewItem("新建配售型保障性住房", "新建配售型保障性住房1200套", M),
            ReviewItem("宾馆酒店", "宾馆酒店项目35个", A),
            ReviewItem("新增住宿床位", "新增住宿床位11000张", A),
            ReviewItem("5000万元以上项目", "实施投资5000万元以上项目1381个", A),
            ReviewItem("新引进重大产业项目", "新引进重大产业项目318个", A),
            ReviewItem("引资额", "引资额增长21.6%", N),
            ReviewItem("新增民营企业", "新增民营企业89000户", A),
            ReviewItem("政府采购面向中小企业预留", "政府采购面向中小企业预留份额达到45%", A),
            ReviewItem("民营经济主营业务收入", "民营经济主营业务收入达到1.42万亿元", N),
            ReviewItem("第五次全国经济普查", "圆满完成第五次全国经济普查", D),
        ),
    ),
    (
        "(四)改革开放不断深化。",
        (
            ReviewItem("政务服务", "政务服务即办件占比达到55%", A),
            ReviewItem("行政许可事项即办件", "行政许可事项即办件占比达到41%", N),
        ),
    ),
    (
        "(五)城市功能品质稳步提升。",
        (
            ReviewItem("三级国土空间总体规划", "市、县、乡三级国土空间总体规划获批", D),
            ReviewItem("龙嘉机场三期", "龙嘉机场三期及综合配套枢纽开工建设", D),
            ReviewItem("长太", "长太高速公路建成通车", D),
            ReviewItem("长烟", "长烟高速公路建成通车", D),
            ReviewItem("轻轨3号线扩能改造", "轻轨3号线扩能改造开工", D),
            ReviewItem("地铁6号线开通运营", "地铁6号线开通运营", D),
            ReviewItem("世纪大街快速路全面建成", "世纪大街快速路全面建成", D),
            ReviewItem("南四环快速路", "南四环快速路主线通车", D),
            ReviewItem("人民大街下穿隧道", "人民大街下穿隧道主线通车", D),
            ReviewItem("断头路", "打通断头路、卡脖路和区域间通道52条", A),
            ReviewItem("新辟优化公交线路", "新辟优化公交线路42条", A),
            ReviewItem("新建改造水气热管网", "新建改造水气热管网1136公里", A),
            ReviewItem("新扩建线路", "新扩建线路920公里", N),
            ReviewItem("国考断面水质", "国考断面水质达标比例达到100%", A),
            ReviewItem("口袋公园", "新建提升口袋公园46处", A),
            ReviewItem("城市绿道", "建设城市绿道86公里", M),
        ),
    ),
    (
        "(六)乡村振兴扎实推进。",
        (
            ReviewItem("高标准农田", "建设高标准农田3120000亩", A),
            GRAIN,
            ReviewItem("新引进亿元以上项目", "农高区新引进亿元以上项目12个", A),
            ReviewItem("生猪养殖", "生猪养殖达到1080万头", N),
            ReviewItem("肉牛", "肉牛饲养量达到185万头", A),
            ReviewItem("农产品加工业规上产值", "农产品加工业规上产值达到702亿元", M),
            ReviewItem("收入30万元以上村占比", "集体经济收入30万元以上村占比达到52%", A),
            ReviewItem("新建修缮农村公路", "新建修缮农村公路4316公里", A),
            ReviewItem("国土绿化", "完成国土绿化503000亩", A),
            ReviewItem("“千村美丽”村", "打造“千村美丽”村200个", A),
            ReviewItem("“百村示范”村", "“百村示范”村30个", A),
            ReviewItem("防返贫项目", "实施防返贫项目306个", A),
            ReviewItem("脱贫人口收入", "脱贫人口收入增长14.2%", M),
        ),
    ),
    (
        "(七)民生福祉持续增进。",
        (
            JOBS,
            ReviewItem("农村劳动力转移就业", "农村劳动力转移就业86.2万人", A),
            ReviewItem("新建改造公办幼儿园", "新建改造公办幼儿园31所", A),
            ReviewItem("新增义务教育学校", "新增义务教育学校4所", A),
            ReviewItem("新扩建普通高中", "新扩建普通高中4所", A),
            ReviewItem("标准化考点", "打造标准化考点146个", A),
            ReviewItem("产业工人", "培养产业工人10.4万人", A),
            ReviewItem("国家级区域医疗中心", "国家级区域医疗中心项目主体完工1个", M),
            ReviewItem("农村低保标准", "农村低保标准达到城市低保标准的81%", A),
            ReviewItem("养老机构护理床位占比", "养老机构护理床位占比达到66.3%", A),
            ReviewItem("敬老餐厅", "建设敬老餐厅318家", A),
            ReviewItem("改造老旧小区", "改造老旧小区278个", A),
            ReviewItem("城中村改造", "启动城中村改造11个", N),
            ReviewItem("回迁房", "建设回迁房5400套", M),
            ReviewItem("全国文明城", "实现全国文明城市四连冠", D),
            ReviewItem("精品体育赛事", "打造精品体育赛事86场", A),
        ),
    ),
)

# Quantified 2024 targets the review does not mention (phrases of the 2024 report).
NOT_MENTIONED: tuple[str, ...] = (
    "CPI涨幅",
    "全社会R&D投入",
    "商品房销售面积",
    "都市圈东环段",
    "东南湖大路延长线",
    "村屯绿化覆盖率",
    "专升本",
    "半导体激光技术创新中心",
)

# Synthetic regions: the topical paragraph quotes the statistical results only.
GENERIC: tuple[tuple[str, tuple[ReviewItem, ...]], ...] = (("(一)重点领域稳步推进。", (NEV, GRAIN, JOBS)),)
