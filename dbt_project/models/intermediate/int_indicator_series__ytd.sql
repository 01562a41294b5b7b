-- Year-to-date series per region × indicator × year × end month (1-2月 … 1-12月, 一季度, 上半年, 全年).
-- January alone is never published, so a year's first point is 1-2月 (or 一季度 for GDP); a new
-- year starts afresh: nothing carries across 1 January.
with

latest as (
    select * from {{ ref('int_observations__latest_vintage') }}
),

indicators as (
    select indicator_id, kind from {{ ref('indicators') }}
)

select
    latest.region_code,
    latest.indicator_id,
    indicators.kind as indicator_kind,
    latest.period_year as year,
    latest.period_month as month,
    latest.period_kind,
    latest.is_pp_change,
    latest.value,
    latest.unit,
    latest.yoy_pct,
    latest.is_lower_bound,
    latest.is_estimate,
    latest.is_synthetic,
    latest.document_sha256,
    latest.document_url,
    latest.release_date,
    latest.quote,
    latest.citation_url
from latest
left join indicators on latest.indicator_id = indicators.indicator_id
where
    latest.period_start = make_date(latest.period_year, 1, 1)
    and latest.period_kind in ('ytd', 'quarter_ytd', 'year')
