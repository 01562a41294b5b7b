-- Where every target stands now. Grain: exactly one row per target in the catalog, whatever data
-- exist: a target no bulletin covers yet is here as `no_data` with the reason, never missing.
with

targets as (
    select * from {{ ref('stg_catalog__targets') }}
),

indicators as (
    select indicator_id, name_zh, name_en from {{ ref('indicators') }}
),

latest as (
    select *
    from {{ ref('target_progress') }}
    qualify row_number() over (partition by target_id order by as_of_month desc) = 1
)

select
    targets.target_id,
    targets.plan_year,
    targets.region_code,
    targets.section,
    targets.indicator_id,
    coalesce(latest.indicator_name_zh, indicators.name_zh) as indicator_name_zh,
    coalesce(latest.indicator_name_en, indicators.name_en) as indicator_name_en,
    targets.related_indicator_id,
    targets.title_zh,
    targets.title_en,
    targets.metric,
    targets.comparator,
    targets.target_value,
    targets.target_unit,
    targets.target_value_canonical,
    targets.canonical_unit,
    latest.as_of_date,
    latest.figure_period_zh,
    latest.figure_period_en,
    latest.figure_value,
    latest.figure_yoy_pct,
    latest.related_yoy_pct,
    latest.base_value,
    latest.actual,
    latest.gap,
    latest.completion,
    latest.expected_completion,
    latest.pace_basis,
    latest.projected_full_year,
    latest.score,
    coalesce(latest.status, 'no_data') as status,
    coalesce(
        latest.reason_zh,
        case
            when targets.metric = 'milestone' then '尚无完成情况的报告(本年度尚无任何公报)'
            else '尚无' || coalesce(indicators.name_zh, targets.indicator_id) || '数据(本年度尚无任何公报)'
        end
    ) as reason_zh,
    coalesce(
        latest.reason_en,
        case
            when targets.metric = 'milestone' then 'No report of completion yet (no bulletin for this plan year)'
            else
                'No figures for ' || {{ lower_first('coalesce(indicators.name_en, targets.indicator_id)') }}
                || ' yet (no bulletin for this plan year)'
        end
    ) as reason_en,
    coalesce(latest.is_year_end, false) as is_year_end,
    coalesce(latest.is_estimate, false) as is_estimate,
    coalesce(latest.is_lower_bound, false) as is_lower_bound,
    coalesce(latest.is_synthetic, false) as is_synthetic,
    latest.document_url,
    latest.release_date,
    latest.figure_quote,
    latest.citation_url,
    targets.source_quote
from targets
left join indicators on targets.indicator_id = indicators.indicator_id
left join latest on targets.target_id = latest.target_id
