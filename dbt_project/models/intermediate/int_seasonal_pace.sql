-- Expected completion by month from the previous year's pace: the share of last year's total that
-- had been reached by the same month (e.g. 1-6月 2023 retail sales / 全年 2023). Flows only; a share
-- of zero (nothing reached yet) is no pace at all, so progress falls back to the linear pace.
with

series as (
    select *
    from {{ ref('int_indicator_series__ytd') }}
    where indicator_kind = 'flow' and not is_pp_change and value is not null
),

year_totals as (
    select region_code, indicator_id, year, value as year_total
    from series
    where month = 12 and value > 0
)

select
    series.region_code,
    series.indicator_id,
    series.year + 1 as plan_year,
    series.month,
    series.value / year_totals.year_total as expected_share,
    series.value as basis_value,
    year_totals.year_total as basis_year_total,
    series.year as basis_year
from series
inner join year_totals
    on
        series.region_code = year_totals.region_code
        and series.indicator_id = year_totals.indicator_id
        and series.year = year_totals.year
where series.value > 0
