-- The figure of record per region × indicator × period: published statistics before estimates (预计),
-- exact figures before lower bounds (突破/超过), then the latest release. Value and growth are picked separately, so a growth-only reprint does not
-- hide the level an earlier release gave for the same period.
with

observations as (
    select *
    from {{ ref('stg_bulletins__observations') }}
    where indicator_id is not null and is_unit_converted
),

ranked as (
    select
        *,
        row_number() over (
            partition by region_code, indicator_id, period_start, period_end, is_pp_change
            order by is_estimate, is_lower_bound, release_date desc nulls last, fetched_at desc nulls last, observation_id
        ) as vintage_rank
    from observations
),

picked as (
    select
        region_code,
        indicator_id,
        period_start,
        period_end,
        is_pp_change,
        arg_min(value, vintage_rank) filter (where value is not null) as value,
        arg_min(unit, vintage_rank) filter (where value is not null) as unit,
        arg_min(observation_id, vintage_rank) filter (where value is not null) as value_observation_id,
        arg_min(yoy_pct, vintage_rank) filter (where yoy_pct is not null) as yoy_pct,
        arg_min(observation_id, vintage_rank) filter (where yoy_pct is not null) as yoy_observation_id,
        count(distinct document_sha256) as n_documents,
        count(distinct value) as n_distinct_values
    from ranked
    group by all
),

primary_row as (
    select
        picked.*,
        obs.period_kind,
        obs.period_year,
        obs.period_month,
        obs.is_lower_bound,
        obs.is_estimate,
        obs.is_synthetic,
        obs.document_sha256,
        obs.document_url,
        obs.release_date,
        obs.quote,
        obs.citation_url,
        yoy_obs.is_estimate as yoy_is_estimate,
        yoy_obs.is_synthetic as yoy_is_synthetic
    from picked
    inner join observations as obs
        on obs.observation_id = coalesce(picked.value_observation_id, picked.yoy_observation_id)
    left join observations as yoy_obs
        on yoy_obs.observation_id = picked.yoy_observation_id
    -- identical rows (same document, same figure) share an observation_id: keep one
    qualify row_number() over (
        partition by picked.region_code, picked.indicator_id, picked.period_start, picked.period_end, picked.is_pp_change
        order by obs.fetched_at desc
    ) = 1
)

select
    region_code,
    indicator_id,
    period_start,
    period_end,
    period_kind,
    period_year,
    period_month,
    is_pp_change,
    value,
    unit,
    yoy_pct,
    is_lower_bound,
    is_estimate or coalesce(yoy_is_estimate, false) as is_estimate,
    is_synthetic or coalesce(yoy_is_synthetic, false) as is_synthetic,
    document_sha256,
    document_url,
    release_date,
    quote,
    citation_url,
    value_observation_id,
    yoy_observation_id,
    n_documents,
    n_distinct_values
from primary_row
