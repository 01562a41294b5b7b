-- Every figure ever parsed, all vintages, with its document. Grain: one row per observation.
with

-- the observations the figures of record come from (a null id would turn `in` into null)
vintages as (
    select value_observation_id as observation_id
    from {{ ref('int_observations__latest_vintage') }}
    where value_observation_id is not null
    union
    select yoy_observation_id
    from {{ ref('int_observations__latest_vintage') }}
    where yoy_observation_id is not null
)

select
    obs.observation_id,
    obs.region_code,
    obs.indicator_id,
    obs.indicator_raw,
    obs.period_start,
    obs.period_end,
    obs.period_kind,
    obs.value,
    obs.unit,
    obs.value_published,
    obs.unit_published,
    obs.is_unit_converted,
    obs.yoy_pct,
    obs.is_lower_bound,
    obs.is_estimate,
    obs.is_synthetic,
    coalesce(obs.observation_id in (select observation_id from vintages), false) as is_latest_vintage,
    obs.release_date,
    obs.fetched_at,
    obs.source_id,
    obs.document_sha256,
    obs.document_url,
    documents.title as document_title,
    obs.quote,
    obs.parser,
    obs.citation_url
from {{ ref('stg_bulletins__observations') }} as obs
left join {{ ref('stg_bulletins__documents') }} as documents
    on obs.document_sha256 = documents.document_sha256
