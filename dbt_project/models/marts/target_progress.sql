-- Progress and status of every target at every as-of month of its plan year (DESIGN §4).
-- Grain: one row per target × as-of month. As-of months run from 2 (1-2月, the first release of a
-- year) to the latest month any figure of the region's plan year exists for. At each as-of month a
-- target is measured by the latest figure of its indicator whose period ends by then.
with

targets as (
    select * from {{ ref('stg_catalog__targets') }}
),

thresholds as (
    select metric, comparator, tolerance, at_risk_margin from {{ ref('status_thresholds') }}
),

indicators as (
    select indicator_id, name_zh, name_en, kind from {{ ref('indicators') }}
),

series as (
    select * from {{ ref('int_indicator_series__ytd') }}
),

pace as (
    select * from {{ ref('int_seasonal_pace') }}
),

latest_month as (
    select region_code, year, max(month) as max_month
    from series
    group by all
),

target_months as (
    select
        targets.*,
        as_of.as_of_month
    from targets
    inner join latest_month
        on targets.region_code = latest_month.region_code and targets.plan_year = latest_month.year
    cross join range(2, 13) as as_of (as_of_month)
    where as_of.as_of_month <= latest_month.max_month
),

-- The latest figure of the target's own indicator, with the measure the metric needs.
figures as (
    select
        target_months.target_id,
        target_months.as_of_month,
        series.month as figure_month,
        series.period_kind as figure_period_kind,
        series.value as figure_value,
        series.yoy_pct as figure_yoy_pct,
        series.is_pp_change as figure_is_pp_change,
        series.is_lower_bound,
        series.is_estimate,
        series.is_synthetic,
        series.document_url,
        series.release_date,
        series.quote as figure_quote,
        series.citation_url
    from target_months
    inner join series
        on
            target_months.region_code = series.region_code
            and target_months.indicator_id = series.indicator_id
            and target_months.plan_year = series.year
            and series.month <= target_months.as_of_month
            and case
                when target_months.metric in ('growth_pct', 'relation') then series.yoy_pct is not null
                when target_months.metric = 'pp_change' then series.value is not null
                else series.value is not null and not series.is_pp_change
            end
    qualify row_number() over (
        partition by target_months.target_id, target_months.as_of_month
        -- a directly reported change (个百分点) is preferred to one derived from two shares
        order by series.month desc, series.is_pp_change desc
    ) = 1
),

-- Relation targets: the related series' growth for the same period as the figure.
related as (
    select
        target_months.target_id,
        target_months.as_of_month,
        series.month as related_month,
        series.yoy_pct as related_yoy_pct,
        series.is_synthetic as related_is_synthetic
    from target_months
    inner join figures
        on target_months.target_id = figures.target_id and target_months.as_of_month = figures.as_of_month
    inner join series
        on
            target_months.region_code = series.region_code
            and target_months.related_indicator_id = series.indicator_id
            and target_months.plan_year = series.year
            and series.month = figures.figure_month
            and series.yoy_pct is not null
            and not series.is_pp_change
    where target_months.metric = 'relation'
),

-- pp_change targets measured from two shares: last year's year-end share is the base.
base_shares as (
    select region_code, indicator_id, year + 1 as plan_year, value as base_value
    from series
    where month = 12 and value is not null and not is_pp_change
),

measured as (
    select
        target_months.*,
        indicators.name_zh as indicator_name_zh,
        indicators.name_en as indicator_name_en,
        related_indicators.name_zh as related_name_zh,
        related_indicators.name_en as related_name_en,
        figures.figure_month,
        figures.figure_period_kind,
        figures.figure_value,
        figures.figure_yoy_pct,
        figures.figure_is_pp_change,
        coalesce(figures.is_lower_bound, false) as is_lower_bound,
        coalesce(figures.is_estimate, false) as is_estimate,
        coalesce(figures.is_synthetic, false) or coalesce(related.related_is_synthetic, false) as is_synthetic,
        figures.document_url,
        figures.release_date,
        figures.figure_quote,
        figures.citation_url,
        related.related_yoy_pct,
        base_shares.base_value,
        coalesce(figures.figure_month = 12, false) as is_year_end,
        case
            when target_months.indicator_kind = 'flow' and figures.figure_month = 12 then 1.0
            when target_months.indicator_kind = 'flow' then coalesce(pace.expected_share, figures.figure_month / 12.0)
        end as expected_share,
        case
            when target_months.indicator_kind <> 'flow' or figures.figure_month is null then null
            when figures.figure_month = 12 then 'year_end'
            when pace.expected_share is not null then 'seasonal'
            else 'linear'
        end as pace_basis,
        -- the figure in the metric's terms
        case target_months.metric
            when 'growth_pct' then figures.figure_yoy_pct
            when 'relation' then figures.figure_yoy_pct - related.related_yoy_pct
            when 'pp_change'
                then
                    case
                        when figures.figure_is_pp_change then figures.figure_value
                        else figures.figure_value - base_shares.base_value
                    end
            else figures.figure_value
        end as actual,
        thresholds.tolerance,
        thresholds.at_risk_margin
    from target_months
    left join indicators on target_months.indicator_id = indicators.indicator_id
    left join indicators as related_indicators
        on target_months.related_indicator_id = related_indicators.indicator_id
    left join figures
        on target_months.target_id = figures.target_id and target_months.as_of_month = figures.as_of_month
    left join related
        on target_months.target_id = related.target_id and target_months.as_of_month = related.as_of_month
    left join base_shares
        on
            target_months.region_code = base_shares.region_code
            and target_months.indicator_id = base_shares.indicator_id
            and target_months.plan_year = base_shares.plan_year
    left join pace
        on
            target_months.region_code = pace.region_code
            and target_months.indicator_id = pace.indicator_id
            and target_months.plan_year = pace.plan_year
            and figures.figure_month = pace.month
    left join thresholds
        on target_months.metric = thresholds.metric and target_months.comparator = thresholds.comparator
),

scored as (
    select
        *,
        case when metric in ('level', 'count') then actual / nullif(target_value_canonical, 0) end as completion,
        case
            when metric in ('level', 'count') and indicator_kind = 'flow'
                then actual / nullif(expected_share, 0)
        end as projected_full_year,
        -- score ≥ 0 means "meets the target"; growth-like metrics in percentage points, amounts as a
        -- fraction of the target; the sign flips for ceilings (at_most).
        case when is_lower_better then -1 else 1 end * case
            when actual is null then null
            when metric in ('growth_pct', 'share_pct', 'pp_change', 'relation') then actual - target_value_canonical
            when metric in ('level', 'count') and indicator_kind = 'flow'
                then (actual / nullif(expected_share, 0)) / nullif(target_value_canonical, 0) - 1
            when metric in ('level', 'count') then actual / nullif(target_value_canonical, 0) - 1
        end as score
    from measured
),

statused as (
    select
        *,
        case
            when metric = 'milestone' and coalesce(actual, 0) >= 1 then 'achieved'
            when actual is null or score is null then 'no_data'
            when is_year_end
                then
                    case
                        when comparator = 'more_than' and (score > 0 or (score = 0 and is_lower_bound)) then 'achieved'
                        when comparator <> 'more_than' and score >= -tolerance then 'achieved'
                        else 'missed'
                    end
            when score >= -tolerance then 'on_track'
            when score >= -(tolerance + at_risk_margin) then 'at_risk'
            else 'off_track'
        end as status
    from scored
)

select
    target_id,
    plan_year,
    region_code,
    section,
    indicator_id,
    indicator_name_zh,
    indicator_name_en,
    related_indicator_id,
    title_zh,
    title_en,
    metric,
    comparator,
    target_value,
    target_unit,
    target_value_canonical,
    canonical_unit,
    as_of_month,
    last_day(make_date(plan_year, as_of_month, 1)) as as_of_date,
    figure_month,
    {{ period_label_zh('figure_month', 'figure_period_kind') }} as figure_period_zh,
    {{ period_label_en('figure_month', 'figure_period_kind') }} as figure_period_en,
    figure_value,
    figure_yoy_pct,
    related_yoy_pct,
    base_value,
    actual,
    completion,
    expected_share as expected_completion,
    pace_basis,
    projected_full_year,
    score,
    status,
    {{ status_reason_zh() }} as reason_zh,
    {{ status_reason_en() }} as reason_en,
    is_year_end,
    is_estimate,
    is_lower_bound,
    is_synthetic,
    document_url,
    release_date,
    figure_quote,
    citation_url,
    source_quote
from statused
