"""Data-quality checks written in SQL against the mart tables (DESIGN §5).

Each check returns the offending rows, each with a ``reason`` an analyst can read; no rows means
the check passes. The same SQL runs on the warehouse (schema ``marts``) after ``dbt build`` and
again on the temporary mart file (schema ``main``) just before it is published, so a mart that was
changed between audit and swap cannot slip through.

Placeholders: ``{mart}`` the schema holding the mart tables; ``{today}`` a DATE literal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ingest.parsers.common import REQUIRED_INDICATORS

Severity = Literal["ERROR", "WARN"]

# |growth| beyond these is not an economy, it is a parsing or unit error (percent).
GROWTH_BOUNDS_ANY = (-80.0, 500.0)
GROWTH_BOUNDS_AGGREGATE = (-30.0, 50.0)
AGGREGATES = (
    "gdp",
    "gdp_primary",
    "gdp_secondary",
    "gdp_tertiary",
    "retail_sales",
    "fixed_asset_investment",
    "general_budget_revenue",
    "per_capita_disposable_income",
    "urban_per_capita_disposable_income",
    "rural_per_capita_disposable_income",
    "industrial_output_above_scale",
    "industrial_value_added_above_scale",
)
CPI_BOUNDS = (-10.0, 20.0)
MAGNITUDE_JUMP = 20.0  # a 万/亿 slip is ×10⁴; a real YTD flow never grows 20× in a month
REVISION_WARN_PCT = 1.0
REVISION_WARN_PP = 0.5
ROBUST_Z_WARN = 3.5
OUTLIER_MIN_PP = 5.0
IMPLIED_GROWTH_WARN_PP = 3.0
PUBLICATION_LAG_DAYS = 45


@dataclass(frozen=True)
class SqlCheck:
    name: str
    severity: Severity
    guards: str  # the mart table the check guards (its Dagster asset is marts/<guards>)
    description: str
    what_to_do: str
    sql: str

    def render(self, mart: str, today: str) -> str:
        return self.sql.format(mart=mart, today=f"DATE '{today}'")


def _in_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _values(pairs: dict[str, str]) -> str:
    return ", ".join(f"('{k}', '{v}')" for k, v in sorted(pairs.items()))


CHECKS: tuple[SqlCheck, ...] = (
    SqlCheck(
        name="ytd_non_decreasing",
        severity="ERROR",
        guards="indicator_ytd",
        description="A cumulative flow's year-to-date value never decreases within a year.",
        what_to_do="Compare the two releases named in the reason; a drop usually means a mis-read row or a "
        "unit slip. Fix the parser or the alias, or quarantine the bad document, then rerun.",
        sql="""
        with flows as (
            select y.*, lag(y.value) over (partition by y.region_code, y.indicator_id, y.year order by y.month)
                as prev_value,
                   lag(y.month) over (partition by y.region_code, y.indicator_id, y.year order by y.month) as prev_month
            from {mart}.indicator_ytd y join {mart}.indicators i using (indicator_id)
            where i.kind = 'flow' and not y.is_pp_change and y.value is not null
        )
        select region_code, indicator_id, year || '-' || lpad(month::varchar, 2, '0') as period, document_url,
               '1-' || month || '月 ' || value || ' < 1-' || prev_month || '月 ' || prev_value || ' (' || indicator_id
               || ', ' || year || '): a year-to-date flow decreased' as reason
        from flows where value < prev_value
        """,
    ),
    SqlCheck(
        name="ytd_no_gaps",
        severity="ERROR",
        guards="indicator_ytd",
        description="A year-to-date series has every period from its first release (1-2月, or Q1 for quarterly "
        "series) to its latest.",
        what_to_do="Find the missing release on the bureau site (it may be quarantined: see the quarantined_documents "
        "warning), fix its parsing or fetch it, then rerun.",
        sql="""
        with series as (
            select y.region_code, y.indicator_id, y.year, i.frequency, list(distinct y.month) as months,
                max(y.month) as last_month
            from {mart}.indicator_ytd y join {mart}.indicators i using (indicator_id)
            where i.frequency in ('monthly', 'quarterly') and not y.is_pp_change
            group by all
            having count(distinct y.month) >= 2
        ),
        expected as (
            select s.*, e.month
            from series s, range(2, 13) e(month)
            where e.month <= s.last_month
              and (s.frequency = 'monthly' or e.month % 3 = 0)
        )
        select region_code, indicator_id, year || '-' || lpad(month::varchar, 2, '0') as period, null as document_url,
               indicator_id || ': no figure for 1-' || month || '月 ' || year || ' although 1-' || last_month
               || '月 is published' as reason
        from expected where not list_contains(months, month)
        """,
    ),
    SqlCheck(
        name="unit_magnitude",
        severity="ERROR",
        guards="indicator_ytd",
        description=f"No ×10⁴ 万/亿 slips: a figure is not more than {MAGNITUDE_JUMP:g}× (or less than "
        f"1/{MAGNITUDE_JUMP:g} of) the previous period's or last year's same period.",
        what_to_do="Open the document in the reason: the unit in the row label or sentence is probably 万元 where "
        "亿元 is meant (or the reverse). Fix the unit handling or the alias and rerun.",
        sql=f"""
        with pts as (
            select y.*,
                   lag(y.value) over (partition by y.region_code, y.indicator_id, y.year order by y.month) as
                       prev_value,
                   ly.value as last_year_value
            from {{mart}}.indicator_ytd y
            left join {{mart}}.indicator_ytd ly
              on ly.region_code = y.region_code and ly.indicator_id = y.indicator_id and ly.year = y.year - 1
             and ly.month = y.month and ly.is_pp_change = y.is_pp_change
            where y.value is not null and not y.is_pp_change
        )
        select region_code, indicator_id, year || '-' || lpad(month::varchar, 2, '0') as period, document_url,
               indicator_id || ' ' || value || ' ' || unit || ' vs ' ||
               case when prev_value is not null and (value > prev_value * {MAGNITUDE_JUMP} or value *
                   {MAGNITUDE_JUMP} < prev_value)
                    then 'previous period ' || prev_value else 'last year ' || last_year_value end
               || ': a jump of orders of magnitude (unit slip?)' as reason
        from pts
        where (prev_value > 0 and (value > prev_value * {MAGNITUDE_JUMP} or value * {MAGNITUDE_JUMP} < prev_value))
           or (last_year_value > 0 and (value > last_year_value * {MAGNITUDE_JUMP} or value * {MAGNITUDE_JUMP}
               < last_year_value))
        """,
    ),
    SqlCheck(
        name="unit_recognised",
        severity="ERROR",
        guards="observations",
        description="Every figure's unit converts to its indicator's canonical unit.",
        what_to_do="Add the unit to dbt_project/seeds/unit_conversions.csv (or fix the alias if the figure belongs "
        "to another indicator), then rerun.",
        sql="""
        select region_code, indicator_id, period_end::varchar as period, document_url,
               indicator_raw || ': unit ' || coalesce(unit_published, '(none)') || ' does not convert to '
               || coalesce(unit, '?') as reason
        from {mart}.observations
        where indicator_id is not null and not is_unit_converted
        """,
    ),
    SqlCheck(
        name="growth_hard_bounds",
        severity="ERROR",
        guards="observations",
        description=f"Growth rates are within hard bounds: {GROWTH_BOUNDS_AGGREGATE} % for aggregates, "
        f"{CPI_BOUNDS} % for CPI, {GROWTH_BOUNDS_ANY} % for anything else.",
        what_to_do="A rate out of bounds is a mis-read number (a level read as a growth, 增长x倍 misread). Check the "
        "quote in the reason and fix the parser.",
        sql=f"""
        select region_code, indicator_id, period_end::varchar as period, document_url,
               coalesce(indicator_id, indicator_raw) || ' growth ' || yoy_pct || '% is outside its hard bounds: "'
               || quote || '"' as reason
        from {{mart}}.observations
        where is_latest_vintage and yoy_pct is not null and (
            (indicator_id = 'cpi' and yoy_pct not between {CPI_BOUNDS[0]} and {CPI_BOUNDS[1]})
            or (indicator_id in ({_in_list(AGGREGATES)})
                and yoy_pct not between {GROWTH_BOUNDS_AGGREGATE[0]} and {GROWTH_BOUNDS_AGGREGATE[1]})
            or yoy_pct not between {GROWTH_BOUNDS_ANY[0]} and {GROWTH_BOUNDS_ANY[1]}
        )
        """,
    ),
    SqlCheck(
        name="parts_sum_to_total",
        severity="ERROR",
        guards="indicator_ytd",
        description="Where all parts of a total are published (GDP = 一产 + 二产 + 三产), they sum to the total "
        "within rounding (0.5% of the total or 1 unit).",
        what_to_do="Check the parts in the release: a part assigned to the wrong indicator (alias) or a unit slip "
        "breaks the identity. Published totals are not adjusted, so differences within rounding are fine.",
        sql="""
        with children as (
            select i.parent_indicator_id, count(*) as n_children
            from {mart}.indicators i where i.parent_indicator_id is not null group by all
        ),
        sums as (
            select y.region_code, i.parent_indicator_id, y.year, y.month, sum(y.value) as parts, count(*) as n_parts
            from {mart}.indicator_ytd y join {mart}.indicators i using (indicator_id)
            where i.parent_indicator_id is not null and y.value is not null and not y.is_pp_change
            group by all
        )
        select s.region_code, s.parent_indicator_id as indicator_id, s.year || '-' || lpad(s.month::varchar, 2,
            '0') as period,
               t.document_url,
               s.parent_indicator_id || ' ' || t.value || ' but its parts sum to ' || round(s.parts, 2) as reason
        from sums s
        join children c on c.parent_indicator_id = s.parent_indicator_id and c.n_children = s.n_parts
        join {mart}.indicator_ytd t on t.region_code = s.region_code and t.indicator_id = s.parent_indicator_id
             and t.year = s.year and t.month = s.month and not t.is_pp_change
        where t.value is not null and abs(s.parts - t.value) > greatest(1.0, 0.005 * abs(t.value))
        """,
    ),
    SqlCheck(
        name="period_not_in_future",
        severity="ERROR",
        guards="observations",
        description="No figure is for a period that has not ended, released in the future, or released before its "
        "period ended (a period read wrongly from the page).",
        what_to_do="Check the period wording in the quote against the page title; fix the period parsing.",
        sql="""
        select region_code, indicator_id, period_end::varchar as period, document_url,
               coalesce(indicator_id, indicator_raw) || ' for a period ending ' || period_end || ' released '
               || coalesce(release_date::varchar, '?') || case
                   when period_end > {today} then ': the period has not ended yet'
                   when release_date > {today} then ': released in the future'
                   else ': released before its period ended' end as reason
        from {mart}.observations
        where period_end > {today} or release_date > {today} + interval 1 day
           or (release_date is not null and release_date < period_end and not is_estimate)
        """,
    ),
    SqlCheck(
        name="key_uniqueness",
        severity="ERROR",
        guards="indicator_ytd",
        description="Keys are unique: one figure of record per region × indicator × period, one progress row per "
        "target × as-of month, one observation per id.",
        what_to_do="Duplicates mean two vintages were both taken as the figure of record: check the vintage "
        "ordering inputs (release dates) of the documents in question.",
        sql="""
        select region_code, indicator_id, year || '-' || lpad(month::varchar, 2, '0') as period, null as document_url,
               'indicator_ytd has ' || count(*) || ' rows for this key' as reason
        from {mart}.indicator_ytd group by region_code, indicator_id, year, month, is_pp_change having count(*) > 1
        union all
        select region_code, indicator_id, as_of_month::varchar, null,
               'target_progress has ' || count(*) || ' rows for ' || target_id || ' at month ' || as_of_month
        from {mart}.target_progress group by region_code, indicator_id, target_id, as_of_month having count(*) > 1
        union all
        select region_code, indicator_id, null, null, 'observation_id ' || observation_id || ' appears ' ||
            count(*) || ' times'
        from {mart}.observations group by region_code, indicator_id, observation_id having count(*) > 1
        """,
    ),
    SqlCheck(
        name="one_status_row_per_target",
        severity="ERROR",
        guards="target_status_latest",
        description="Every target of the catalog has exactly one row in target_status_latest.",
        what_to_do="A target vanished or doubled between the catalog and the mart: check targets.csv for duplicate "
        "target_ids and the target_status_latest model's joins.",
        sql="""
        with counts as (
            select t.target_id, t.region_code, t.indicator_id, count(s.target_id) as n
            from {mart}.targets t left join {mart}.target_status_latest s using (target_id)
            group by all
        )
        select region_code, indicator_id, null as period, null as document_url,
               target_id || ' has ' || n || ' status rows (expected exactly 1)' as reason
        from counts where n <> 1
        union all
        select s.region_code, s.indicator_id, null, null, s.target_id || ' has a status but is not in the catalog'
        from {mart}.target_status_latest s anti join {mart}.targets t using (target_id)
        """,
    ),
    SqlCheck(
        name="no_nan_or_inf",
        severity="ERROR",
        guards="target_progress",
        description="No progress figure is NaN or infinite.",
        what_to_do="A division by a zero target or a zero seasonal share: check the target's target_value and the "
        "previous year's series.",
        sql="""
        select region_code, indicator_id, as_of_month::varchar as period, document_url,
               target_id || ': a progress figure is NaN or infinite' as reason
        from {mart}.target_progress
        where isnan(coalesce(actual, 0)) or isinf(coalesce(actual, 0))
           or isnan(coalesce(completion, 0)) or isinf(coalesce(completion, 0))
           or isnan(coalesce(projected_full_year, 0)) or isinf(coalesce(projected_full_year, 0))
           or isnan(coalesce(score, 0)) or isinf(coalesce(score, 0))
           or isnan(coalesce(expected_completion, 0)) or isinf(coalesce(expected_completion, 0))
        """,
    ),
    SqlCheck(
        name="encoding_clean",
        severity="ERROR",
        guards="observations",
        description="No replacement characters (U+FFFD) or mojibake in indicator names and quotes.",
        what_to_do="The page was decoded with the wrong charset: check decoding of the document and quarantine it.",
        sql="""
        select region_code, indicator_id, period_end::varchar as period, document_url,
               'mis-decoded text in "' || left(indicator_raw, 40) || '"' as reason
        from {mart}.observations
        where contains(quote, chr(65533)) or contains(indicator_raw, chr(65533))
           or regexp_matches(indicator_raw, '[ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ]{{2,}}')
        """,
    ),
    SqlCheck(
        name="layout_contract",
        severity="ERROR",
        guards="documents",
        description="Every parsed document of a layout with a defining indicator (quarterly GDP releases and "
        "communiques: GDP) has it; a page that lost it was re-laid-out or misread.",
        what_to_do="Open the document: if the bureau changed the layout, extend the parser; the page is kept and "
        "re-parsed once PARSER_VERSION changes.",
        sql=f"""
        with required(layout, indicator_id) as (values {_values(REQUIRED_INDICATORS)})
        select d.region_code, r.indicator_id, d.release_date::varchar as period, d.document_url,
               coalesce(d.title, d.document_url) || ': a ' || d.layout || ' page without ' || r.indicator_id as reason
        from {{mart}}.documents d join required r using (layout)
        where d.status = 'parsed' and not exists (
            select 1 from {{mart}}.observations o
            where o.document_sha256 = d.document_sha256 and o.indicator_id = r.indicator_id)
        """,
    ),
    SqlCheck(
        name="soft_error_pages_not_parsed",
        severity="ERROR",
        guards="observations",
        description="No figure comes from a quarantined document or from a soft error page (系统繁忙, 验证码 …).",
        what_to_do="A soft error page was taken for a bulletin: add its wording to ingest/quarantine.py markers.",
        sql="""
        select o.region_code, o.indicator_id, o.period_end::varchar as period, o.document_url,
               'figure from ' || case when d.status = 'quarantined' then 'a quarantined document ('
                   || d.quarantine_reason || ')' else 'an error page' end as reason
        from {mart}.observations o left join {mart}.documents d using (document_sha256)
        where d.status = 'quarantined' or regexp_matches(o.quote, '系统繁忙|请输入验证码|访问过于频繁|页面不存在')
        """,
    ),
    # ---- warnings ------------------------------------------------------------------------
    SqlCheck(
        name="growth_outlier",
        severity="WARN",
        guards="indicator_ytd",
        description=f"A year-to-date growth rate that breaks away from its neighbours: its distance from the "
        f"midpoint of the periods before and after has a robust z-score (median/MAD over the series) above "
        f"{ROBUST_Z_WARN} and is more than {OUTLIER_MIN_PP:g} pp. Smooth trends (base effects early in a year) "
        "do not fire.",
        what_to_do="Usually real (a one-off event); confirm against the quote, no action needed if it reads right.",
        sql=f"""
        with points as (
            select *,
                   lag(yoy_pct) over w as prev_yoy, lead(yoy_pct) over w as next_yoy
            from {{mart}}.indicator_ytd
            where yoy_pct is not null and not is_pp_change
            window w as (partition by region_code, indicator_id, year order by month)
        ),
        deviations as (
            select *, yoy_pct - (prev_yoy + next_yoy) / 2 as deviation
            from points where prev_yoy is not null and next_yoy is not null
        ),
        centred as (
            select *, median(deviation) over (partition by region_code, indicator_id) as med
            from deviations
        ),
        scored as (
            select *, median(abs(deviation - med)) over (partition by region_code, indicator_id) as mad
            from centred
        )
        select region_code, indicator_id, year || '-' || lpad(month::varchar, 2, '0') as period, document_url,
               indicator_id || ' growth ' || yoy_pct || '% breaks from its neighbours (' || prev_yoy
               || '% before, ' || next_yoy || '% after)' as reason
        from scored
        where abs(deviation - med) > {OUTLIER_MIN_PP}
          and abs(deviation - med) > {ROBUST_Z_WARN} * 1.4826 * greatest(mad, 0.1)
        """,
    ),
    SqlCheck(
        name="implied_vs_reported_growth",
        severity="WARN",
        guards="indicator_ytd",
        description=f"Growth implied by two published levels differs from the reported growth by more than "
        f"{IMPLIED_GROWTH_WARN_PP:g} pp. Reported growth is on a comparable basis and is the truth; a large gap "
        "hints at a misread level or a restated base.",
        what_to_do="Usually a comparable-basis restatement (census, scope change); confirm and move on.",
        sql=f"""
        select y.region_code, y.indicator_id, y.year || '-' || lpad(y.month::varchar, 2, '0') as period, y.document_url,
               y.indicator_id || ' reported ' || y.yoy_pct || '%, levels imply '
               || round((y.value / ly.value - 1) * 100, 1) || '%' as reason
        from {{mart}}.indicator_ytd y
        join {{mart}}.indicator_ytd ly on ly.region_code = y.region_code and ly.indicator_id = y.indicator_id
             and ly.year = y.year - 1 and ly.month = y.month and ly.is_pp_change = y.is_pp_change
        join {{mart}}.indicators i on i.indicator_id = y.indicator_id
        where i.kind = 'flow' and not y.is_pp_change and y.yoy_pct is not null and ly.value > 0 and y.value is not null
          and not y.is_lower_bound and not ly.is_lower_bound
          and abs((y.value / ly.value - 1) * 100 - y.yoy_pct) > {IMPLIED_GROWTH_WARN_PP}
        """,
    ),
    SqlCheck(
        name="large_revision",
        severity="WARN",
        guards="revisions",
        description=f"A later vintage changed a level by more than {REVISION_WARN_PCT:g}% or a growth rate by more "
        f"than {REVISION_WARN_PP:g} pp.",
        what_to_do="Expected for 初步核算 → 最终核实 and estimates → statistics; the mart uses the latest vintage.",
        sql=f"""
        select region_code, indicator_id, period_end::varchar as period, document_url,
               indicator_id || ' revised: ' || coalesce(previous_value::varchar, '-') || ' → ' ||
                   coalesce(value::varchar, '-')
               || ', growth ' || coalesce(previous_yoy_pct::varchar, '-') || '% → ' ||
                   coalesce(yoy_pct::varchar, '-') || '%' as reason
        from {{mart}}.revisions
        where abs(coalesce(value_change_pct, 0)) > {REVISION_WARN_PCT} or abs(coalesce(yoy_change_pp, 0)) >
            {REVISION_WARN_PP}
        """,
    ),
    SqlCheck(
        name="volume_drift",
        severity="WARN",
        guards="documents",
        description="A parsed document yields less than half (or more than double) the figures typical of its "
        "layout and source.",
        what_to_do="Open the document: a table may have lost rows or the layout changed. Extend the parser if so.",
        sql="""
        with typical as (
            select source_id, layout, median(n_observations) as med, count(*) as n
            from {mart}.documents where status = 'parsed' group by all having count(*) >= 4
        )
        select d.region_code, null as indicator_id, d.release_date::varchar as period, d.document_url,
               coalesce(d.title, d.document_url) || ': ' || d.n_observations || ' figures where ' || t.med
               || ' are typical for ' || d.layout as reason
        from {mart}.documents d join typical t using (source_id, layout)
        where d.status = 'parsed' and (d.n_observations < 0.5 * t.med or d.n_observations > 2 * t.med)
        """,
    ),
    SqlCheck(
        name="freshness",
        severity="WARN",
        guards="indicator_ytd",
        description=f"The latest monthly figure is as recent as the release calendar promises (about "
        f"{PUBLICATION_LAG_DAYS} days after the month).",
        what_to_do="Check the bureau's list page; the release may be late, or the crawler may be failing (see the "
        "raw-documents assets' metadata).",
        sql=f"""
        with years as (
            select distinct region_code, plan_year from {{mart}}.targets where plan_year <= year({{today}})
        ),
        expected as (
            select region_code, plan_year,
                   case when {{today}} - interval {PUBLICATION_LAG_DAYS} day >= make_date(plan_year + 1, 1, 1) then 12
                        when year({{today}} - interval {PUBLICATION_LAG_DAYS} day) = plan_year
                        then month({{today}} - interval {PUBLICATION_LAG_DAYS} day) end as expected_month
            from years
        ),
        latest as (
            select y.region_code, y.year, max(y.month) as latest_month
            from {{mart}}.indicator_ytd y join {{mart}}.indicators i using (indicator_id)
            where i.frequency = 'monthly' group by all
        )
        select e.region_code, null as indicator_id, e.plan_year || '-' || lpad(e.expected_month::varchar, 2,
            '0') as period,
               null as document_url,
               'the 1-' || e.expected_month || '月 ' || e.plan_year || ' release is due but the latest '
               || 'monthly figure is '
               || coalesce('1-' || l.latest_month || '月', 'missing') as reason
        from expected e left join latest l on l.region_code = e.region_code and l.year = e.plan_year
        where e.expected_month >= 2 and coalesce(l.latest_month, 0) < e.expected_month
        """,
    ),
    SqlCheck(
        name="quarantined_documents",
        severity="WARN",
        guards="documents",
        description="Documents that yielded no observations and were quarantined, with the reason.",
        what_to_do="See docs/operations.md#quarantine: fix the parser or wait for a corrected page; the raw file "
        "is kept and will be re-parsed.",
        sql="""
        select region_code, null as indicator_id, release_date::varchar as period, document_url,
               quarantine_reason || ': ' || coalesce(quarantine_message, '') as reason
        from {mart}.documents where status = 'quarantined'
        """,
    ),
    SqlCheck(
        name="unknown_indicators",
        severity="WARN",
        guards="documents",
        description="Indicator names no alias maps to (kept in observations with an empty indicator_id).",
        what_to_do="Add the names that matter to dbt_project/seeds/indicator_aliases.csv.",
        sql="""
        select region_code, null as indicator_id, release_date::varchar as period, document_url,
               'unmapped names: ' || unknown_indicators as reason
        from {mart}.documents where coalesce(unknown_indicators, '') <> ''
        """,
    ),
)


def by_name() -> dict[str, SqlCheck]:
    return {check.name: check for check in CHECKS}
