-- Year-to-date series per region × indicator × year × end month (1-2月 … 1-12月, 一季度, 上半年, 全年).
-- January alone is never published, so a year's first point is 1-2月 (or 一季度 for GDP); a new
-- year starts afresh: nothing carries across 1 January.
select
    region_code,
    indicator_id,
    period_year as year,
    period_month as month,
    period_kind,
    is_pp_change,
    value,
    unit,
    yoy_pct,
    is_lower_bound,
    is_estimate,
    is_synthetic,
    document_sha256,
    document_url,
    release_date,
    quote,
    citation_url
from {{ ref('int_observations__latest_vintage') }}
where
    period_start = make_date(period_year, 1, 1)
    and period_kind in ('ytd', 'quarter_ytd', 'year')
