-- The figure that measures each target at each as-of month of its plan year (DESIGN §4), with what
-- its metric needs beside it: the related series' growth for the same period (relation), last year's
-- share for the same period (pp_change from two shares), last year-end's level (stocks), last year's
-- seasonal share (flows). Scoring and status are the target_progress mart's job.
--
-- As-of grid: months 2 (after 1-2月, the first release of a year) to the latest month any figure of
-- the region's plan year exists for. At as-of month m a target is measured by the latest figure whose
-- period ends in or before month m; a figure the metric cannot use (a growth without the related
-- series' growth for the same period, a share without last year's share) is kept only if nothing
-- usable exists, so its no_data reason can say what is missing.
with

targets as (
    select * from {{ ref('stg_catalog__targets') }}
),

indicators as (
    select indicator_id, kind from {{ ref('indicators') }}
),

series as (
    select *
    from {{ ref('int_indicator_series__ytd') }}
    where indicator_kind is distinct from 'event'
),

pace as (
    select region_code, indicator_id, plan_year, month, expected_share
    from {{ ref('int_seasonal_pace') }}
),

-- Milestones: a report that it is done (value ≥ 1), for any period ending in the plan year.
milestone_reports as (
    select
        latest.region_code,
        latest.indicator_id,
        latest.period_year as year,
        latest.period_month as month,
        latest.period_kind,
        latest.value,
        latest.is_lower_bound,
        latest.is_estimate,
        latest.is_synthetic,
        latest.document_url,
        latest.release_date,
        latest.quote,
        latest.citation_url
    from {{ ref('int_observations__latest_vintage') }} as latest
    inner join indicators on latest.indicator_id = indicators.indicator_id
    where indicators.kind = 'event' and latest.value >= 1
),

data_points as (
    select region_code, year, month from series
    union all
    select region_code, year, month from milestone_reports
),

data_months as (
    select region_code, year, max(month) as max_month
    from data_points
    group by all
),

grid as (
    select
        targets.target_id,
        targets.region_code,
        targets.plan_year,
        targets.indicator_id,
        targets.related_indicator_id,
        targets.metric,
        targets.indicator_kind,
        as_of.as_of_month
    from targets
    inner join data_months
        on targets.region_code = data_months.region_code and targets.plan_year = data_months.year
    cross join range(2, 13) as as_of (as_of_month)
    where as_of.as_of_month <= greatest(data_months.max_month, 2)
),

-- Every figure of the target's own series the metric could use at the as-of month.
series_candidates as (
    select
        grid.target_id,
        grid.as_of_month,
        series.month as figure_month,
        series.period_kind as figure_period_kind,
        series.value as figure_value,
        series.yoy_pct as figure_yoy_pct,
        series.is_pp_change as figure_is_pp_change,
        related.month as related_month,
        related.yoy_pct as related_yoy_pct,
        case
            when grid.metric = 'pp_change' and series.is_pp_change = false then previous.value
            when grid.metric in ('level', 'count') and coalesce(grid.indicator_kind, '') <> 'flow' then previous.value
        end as base_value,
        case
            when grid.metric = 'relation' then related.yoy_pct is not null
            when grid.metric = 'pp_change' then series.is_pp_change or previous.value is not null
            else true
        end as is_usable,
        series.is_lower_bound,
        series.is_estimate or coalesce(related.is_estimate, false) as is_estimate,
        series.is_synthetic or coalesce(related.is_synthetic, false) as is_synthetic,
        series.document_url,
        series.release_date,
        series.quote as figure_quote,
        series.citation_url
    from grid
    inner join series
        on
            grid.region_code = series.region_code
            and grid.indicator_id = series.indicator_id
            and grid.plan_year = series.year
            and series.month <= grid.as_of_month
    -- relation: the related series' growth for the same period
    left join series as related
        on
            grid.metric = 'relation'
            and grid.region_code = related.region_code
            and grid.related_indicator_id = related.indicator_id
            and grid.plan_year = related.year
            and series.month = related.month
            and not related.is_pp_change
            and related.yoy_pct is not null
    -- pp_change from two shares: last year's share for the same period; stocks: last year-end's level
    left join series as previous
        on
            grid.region_code = previous.region_code
            and grid.indicator_id = previous.indicator_id
            and grid.plan_year - 1 = previous.year
            and previous.month = case when grid.metric = 'pp_change' then series.month else 12 end
            and not previous.is_pp_change
            and previous.value is not null
    where
        grid.metric <> 'milestone'
        and case
            when grid.metric in ('growth_pct', 'relation') then series.yoy_pct is not null and not series.is_pp_change
            when grid.metric = 'pp_change' then series.value is not null
            else series.value is not null and not series.is_pp_change
        end
),

series_figures as (
    select *
    from series_candidates
    qualify row_number() over (
        partition by target_id, as_of_month
        -- usable first, then the latest period; a directly reported change (个百分点) before one
        -- derived from two shares
        order by is_usable desc, figure_month desc, figure_is_pp_change desc
    ) = 1
),

-- Milestones: the first report of completion by the as-of month (statistics before estimates).
milestone_figures as (
    select
        grid.target_id,
        grid.as_of_month,
        milestone_reports.month as figure_month,
        milestone_reports.period_kind as figure_period_kind,
        milestone_reports.value as figure_value,
        null::double as figure_yoy_pct,
        false as figure_is_pp_change,
        null::integer as related_month,
        null::double as related_yoy_pct,
        null::double as base_value,
        true as is_usable,
        milestone_reports.is_lower_bound,
        milestone_reports.is_estimate,
        milestone_reports.is_synthetic,
        milestone_reports.document_url,
        milestone_reports.release_date,
        milestone_reports.quote as figure_quote,
        milestone_reports.citation_url
    from grid
    inner join milestone_reports
        on
            grid.region_code = milestone_reports.region_code
            and grid.indicator_id = milestone_reports.indicator_id
            and grid.plan_year = milestone_reports.year
            and milestone_reports.month <= grid.as_of_month
    where grid.metric = 'milestone'
    qualify row_number() over (
        partition by grid.target_id, grid.as_of_month
        order by milestone_reports.month, milestone_reports.is_estimate, milestone_reports.release_date desc
    ) = 1
),

figures as (
    select * from series_figures
    union all by name
    select * from milestone_figures
)

select
    grid.target_id,
    grid.as_of_month,
    figures.figure_month,
    figures.figure_period_kind,
    figures.figure_value,
    figures.figure_yoy_pct,
    coalesce(figures.figure_is_pp_change, false) as figure_is_pp_change,
    figures.related_month,
    figures.related_yoy_pct,
    figures.base_value,
    case when grid.indicator_kind = 'flow' then pace.expected_share end as seasonal_share,
    coalesce(figures.is_usable, false) as is_usable,
    coalesce(figures.is_lower_bound, false) as is_lower_bound,
    coalesce(figures.is_estimate, false) as is_estimate,
    coalesce(figures.is_synthetic, false) as is_synthetic,
    figures.document_url,
    figures.release_date,
    figures.figure_quote,
    figures.citation_url
from grid
left join figures
    on grid.target_id = figures.target_id and grid.as_of_month = figures.as_of_month
left join pace
    on
        grid.region_code = pace.region_code
        and grid.indicator_id = pace.indicator_id
        and grid.plan_year = pace.plan_year
        and figures.figure_month = pace.month
