-- Progress and status of every target at every as-of month of its plan year (DESIGN §4).
-- Grain: one row per target × as-of month. The figure used at each as-of month is chosen in
-- int_target_figures__as_of; here it is read in the metric's terms, scored against the target and
-- given a status and a one-line reason. Formulas and thresholds: docs/methodology.md.
with

targets as (
    select * from {{ ref('stg_catalog__targets') }}
),

figures as (
    select * from {{ ref('int_target_figures__as_of') }}
),

indicators as (
    select indicator_id, name_zh, name_en from {{ ref('indicators') }}
),

thresholds as (
    select metric, comparator, tolerance, at_risk_margin from {{ ref('status_thresholds') }}
),

measured as (
    select
        targets.target_id,
        targets.plan_year,
        targets.region_code,
        targets.section,
        targets.indicator_id,
        targets.indicator_kind,
        targets.related_indicator_id,
        targets.title_zh,
        targets.title_en,
        targets.metric,
        targets.comparator,
        targets.target_value,
        targets.target_unit,
        targets.target_value_canonical,
        targets.canonical_unit,
        targets.is_lower_better,
        targets.source_quote,
        indicators.name_zh as indicator_name_zh,
        indicators.name_en as indicator_name_en,
        related_indicators.name_zh as related_name_zh,
        related_indicators.name_en as related_name_en,
        figures.as_of_month,
        figures.figure_month,
        figures.figure_period_kind,
        figures.figure_value,
        figures.figure_yoy_pct,
        figures.figure_is_pp_change,
        figures.related_yoy_pct,
        figures.base_value,
        figures.seasonal_share,
        figures.is_lower_bound,
        figures.is_estimate,
        figures.is_synthetic,
        figures.document_url,
        figures.release_date,
        figures.figure_quote,
        figures.citation_url,
        coalesce(thresholds.tolerance, 0) as tolerance,
        coalesce(thresholds.at_risk_margin, 0) as at_risk_margin,
        coalesce(figures.figure_month = 12, false) as is_year_end,
        case when targets.comparator = 'at_most' then -1 else 1 end as direction,
        targets.metric in ('level', 'count') and targets.indicator_kind = 'flow' as is_flow_amount,
        -- the figure in the metric's terms (null when the figure cannot be used)
        case
            when not figures.is_usable then null
            when targets.metric in ('growth_pct') then figures.figure_yoy_pct
            when targets.metric = 'relation' then round(figures.figure_yoy_pct - figures.related_yoy_pct, 6)
            when targets.metric = 'pp_change' and figures.figure_is_pp_change then figures.figure_value
            when targets.metric = 'pp_change' then round(figures.figure_value - figures.base_value, 6)
            else figures.figure_value
        end as actual
    from figures
    inner join targets on figures.target_id = targets.target_id
    left join indicators on targets.indicator_id = indicators.indicator_id
    left join indicators as related_indicators on targets.related_indicator_id = related_indicators.indicator_id
    left join thresholds on targets.metric = thresholds.metric and targets.comparator = thresholds.comparator
),

-- level/count: expected completion and the projected full year. Flows follow last year's seasonal
-- pace (else month/12); stocks follow an even path from last year-end's level to the target (else
-- they are read as they stand); a year-end figure is the full year.
paced as (
    select
        *,
        case
            when metric not in ('level', 'count') or actual is null then null
            when is_year_end then 'year_end'
            when is_flow_amount and seasonal_share is not null then 'seasonal'
            when is_flow_amount then 'linear'
            when base_value is not null then 'stock_path'
            else 'stock_level'
        end as pace_basis
    from measured
),

projected as (
    select
        *,
        case pace_basis
            when 'year_end' then 1.0
            when 'seasonal' then seasonal_share
            when 'linear' then figure_month / 12.0
            when 'stock_path'
                then
                    (base_value + (target_value_canonical - base_value) * figure_month / 12.0)
                    / nullif(target_value_canonical, 0)
        end as expected_completion,
        case pace_basis
            when 'year_end' then actual
            when 'seasonal' then actual / nullif(seasonal_share, 0)
            when 'linear' then actual / (figure_month / 12.0)
            when 'stock_path' then base_value + (actual - base_value) * 12.0 / figure_month
            when 'stock_level' then actual
        end as projected_full_year
    from paced
),

scored as (
    select
        *,
        case when metric in ('level', 'count') then actual / nullif(target_value_canonical, 0) end as completion,
        -- distance to the target in the metric's units: percentage points, or the canonical unit
        -- (projected full year − target) for level/count
        case
            when metric in ('growth_pct', 'share_pct', 'pp_change', 'relation')
                then round(actual - target_value_canonical, 6)
            when metric in ('level', 'count') then round(projected_full_year - target_value_canonical, 6)
        end as gap
    from projected
),

signed as (
    select
        *,
        -- score ≥ 0 meets the target: percentage points for growth-like metrics, a fraction of the
        -- target for level/count; the sign flips for ceilings (at_most)
        direction * case
            when metric in ('growth_pct', 'share_pct', 'pp_change', 'relation') then gap
            when metric in ('level', 'count') and target_value_canonical <> 0
                then round(projected_full_year / target_value_canonical - 1, 6)
            when metric in ('level', 'count') then gap
        end as score
    from scored
),

statused as (
    select
        *,
        case
            when metric = 'milestone' and actual >= 1 then 'achieved'
            when metric = 'milestone' then 'no_data'
            when actual is null or score is null then 'no_data'
            -- a full-year figure settles it; 超过/突破 must be strictly above the target, unless the
            -- figure itself is a lower bound (突破3000 is more than 3000)
            when is_year_end
                then
                    case
                        when comparator = 'more_than' and (score > -tolerance or (score = -tolerance and is_lower_bound))
                            then 'achieved'
                        when comparator = 'more_than' then 'missed'
                        when score >= -tolerance then 'achieved'
                        else 'missed'
                    end
            when score >= -tolerance then 'on_track'
            when score >= -(tolerance + at_risk_margin) then 'at_risk'
            else 'off_track'
        end as status
    from signed
),

-- reasons, step 1: each number formatted once (macros/status_reason.sql)
labelled as (
    select
        *,
        {{ progress_labels() }}
    from statused
),

-- reasons, step 2: the target, the gap and the tolerance band in words
phrased as (
    select
        *,
        {{ progress_phrases() }}
    from labelled
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
    gap,
    completion,
    expected_completion,
    pace_basis,
    projected_full_year,
    score,
    tolerance,
    at_risk_margin,
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
from phrased
