-- The year-to-date path of every indicator (figures of record), for charts and comparisons.
-- Grain: one row per region × indicator × year × end month (× percentage-point flag).
select
    series.region_code,
    series.indicator_id,
    indicators.name_zh as indicator_name_zh,
    indicators.name_en as indicator_name_en,
    series.year,
    series.month,
    series.period_kind,
    series.is_pp_change,
    series.value,
    series.unit,
    series.yoy_pct,
    pace.expected_share as last_year_share,
    series.is_lower_bound,
    series.is_estimate,
    series.is_synthetic,
    series.release_date,
    series.document_url,
    series.quote
from {{ ref('int_indicator_series__ytd') }} as series
left join {{ ref('indicators') }} as indicators on series.indicator_id = indicators.indicator_id
left join {{ ref('int_seasonal_pace') }} as pace
    on
        series.region_code = pace.region_code
        and series.indicator_id = pace.indicator_id
        and series.year = pace.plan_year
        and series.month = pace.month
