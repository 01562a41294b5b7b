{#-
  One-line reasons an analyst can read, in Chinese and English, built in three steps in target_progress:
  progress_labels() formats each number once (amounts with units, periods, flags), progress_phrases()
  words the target, the gap and the tolerance band, and status_reason_zh()/status_reason_en() join
  them. Numbers are rounded for reading only; the columns keep precision. Every optional part is
  wrapped in coalesce(…, '') so a reason is never NULL.
-#}

{#- Step 1: every number formatted once, as columns (…_zh / …_en). -#}
{% macro progress_labels() -%}
    {#- a projection is an estimate: one decimal from 100 up, two below (20.96万辆, 2259.9亿元) -#}
    {%- set projected_rounded -%}
        (case when abs(projected_full_year) >= 100 then round(projected_full_year, 1) else round(projected_full_year, 2) end)
    {%- endset -%}
    coalesce({{ period_label_zh('figure_month', 'figure_period_kind') }}, '') as period_zh,
    coalesce({{ cap_first(period_label_en('figure_month', 'figure_period_kind')) }}, '') as period_en,
    {{ fmt_amount_zh('actual', 'canonical_unit') }} as actual_zh,
    {{ fmt_amount_en('actual', 'canonical_unit') }} as actual_en,
    {{ fmt_amount_zh('target_value_canonical', 'canonical_unit') }} as target_zh,
    {{ fmt_amount_en('target_value_canonical', 'canonical_unit') }} as target_en,
    {{ fmt_amount_zh(projected_rounded, 'canonical_unit') }} as projected_zh,
    {{ fmt_amount_en(projected_rounded, 'canonical_unit') }} as projected_en,
    {{ fmt_amount_zh('base_value', 'canonical_unit') }} as base_zh,
    {{ fmt_amount_en('base_value', 'canonical_unit') }} as base_en,
    coalesce(indicator_name_zh, indicator_id) as name_zh,
    {{ lower_first('coalesce(indicator_name_en, indicator_id)') }} as name_en,
    coalesce(related_name_zh, related_indicator_id, '') as related_zh,
    {{ lower_first("coalesce(related_name_en, related_indicator_id, '')") }} as related_en,
    case when is_estimate then '(预计数)' else '' end || case when is_lower_bound then '(下限值)' else '' end as flags_zh,
    case when is_estimate then ' (estimate)' else '' end
    || case when is_lower_bound then ' (lower bound)' else '' end as flags_en,
    coalesce(',为目标的' || {{ fmt_num('completion * 100') }} || '%', '') as completion_zh,
    coalesce(', ' || {{ fmt_num('completion * 100') }} || '% of the target', '') as completion_en,
    {{ fmt_num('expected_completion * 100') }} || '%' as expected_pct
{%- endmacro %}

{#- Step 2: the target, the gap and the band in words, as columns. -#}
{% macro progress_phrases() -%}
    {{ target_phrase_zh() }} as target_phrase_zh,
    {{ target_phrase_en() }} as target_phrase_en,
    {{ gap_words_zh() }} as gap_zh,
    {{ gap_words_en() }} as gap_en,
    {{ band_zh() }} as band_zh,
    {{ band_en() }} as band_en
{%- endmacro %}

{% macro target_phrase_zh() -%}
    case
        when metric = 'milestone' then title_zh
        when metric = 'pp_change' then
            case comparator
                when 'at_least' then '提高' || target_zh || '以上'
                when 'about' then '提高' || target_zh || '左右'
                when 'at_most' then '提高不超过' || target_zh
                when 'more_than' then '提高超过' || target_zh
                when 'strive' then '力争提高' || target_zh
                else '提高' || target_zh
            end
        when metric = 'relation' then
            case comparator
                when 'about' then '与' || related_zh || '增长基本同步'
                when 'at_most' then '增速不高于' || related_zh
                when 'more_than' then '增速快于' || related_zh
                when 'strive' then '力争增速不低于' || related_zh
                else '增速不低于' || related_zh
            end
            || case
                when coalesce(target_value_canonical, 0) <> 0 then '(目标差值' || {{ fmt_plain('target_value_canonical') }} || '个百分点)'
                else ''
            end
        else
            case comparator
                when 'at_least' then target_zh || '以上'
                when 'about' then target_zh || '左右'
                when 'at_most' then '控制在' || target_zh || '以内'
                when 'more_than' then '超过' || target_zh
                when 'strive' then '力争' || target_zh
                else '达到' || target_zh
            end
    end
{%- endmacro %}

{% macro target_phrase_en() -%}
    case
        when metric = 'milestone' then title_en
        when metric = 'pp_change' then
            case comparator
                when 'strive' then 'strive for a rise of ' || target_en
                else 'a rise of ' || case comparator
                    when 'at_least' then 'at least '
                    when 'about' then 'about '
                    when 'at_most' then 'at most '
                    when 'more_than' then 'more than '
                    else ''
                end || target_en
            end
        when metric = 'relation' then
            case comparator
                when 'about' then 'broadly in step with '
                when 'at_most' then 'no faster than '
                when 'more_than' then 'faster than '
                when 'strive' then 'strive to keep pace with '
                else 'at least as fast as '
            end || related_en
            || case
                when coalesce(target_value_canonical, 0) <> 0 then ' (difference ' || {{ fmt_plain('target_value_canonical') }} || ' pp)'
                else ''
            end
        else {{ comparator_en('comparator') }} || ' ' || target_en
    end
{%- endmacro %}

{#- Percentage points of a gap, one decimal (two below 0.05 so a small miss never reads "0.0"). -#}
{% macro fmt_pp(expr) -%}
    case when abs({{ expr }}) >= 0.05 then {{ fmt_num('abs(' ~ expr ~ ')') }} else {{ fmt_num('abs(' ~ expr ~ ')', 2) }} end
{%- endmacro %}

{#- Gap words for percentage-point metrics: 高于目标0.2个百分点 / 超出上限0.3个百分点 -#}
{% macro gap_words_zh() -%}
    case
        when abs(gap) < 0.005 then case when is_lower_better then '与上限持平' else '与目标持平' end
        when gap > 0 then case when is_lower_better then '超出上限' else '高于目标' end || {{ fmt_pp('gap') }} || '个百分点'
        else case when is_lower_better then '低于上限' else '低于目标' end || {{ fmt_pp('gap') }} || '个百分点'
    end
{%- endmacro %}

{% macro gap_words_en() -%}
    case
        when abs(gap) < 0.005 then case when is_lower_better then 'at the ceiling' else 'level with the target' end
        when gap > 0 then {{ fmt_pp('gap') }} || ' pp above the ' || case when is_lower_better then 'ceiling' else 'target' end
        else {{ fmt_pp('gap') }} || ' pp below the ' || case when is_lower_better then 'ceiling' else 'target' end
    end
{%- endmacro %}

{#- "About" targets: where the figure sits against the tolerance band (±0.5个百分点, ±2%). -#}
{% macro band_zh() -%}
    case
        when comparator <> 'about' or score is null then ''
        else
            case
                when abs(score) <= tolerance then ',在目标区间'
                when score > 0 then ',高于目标区间'
                else ',低于目标区间'
            end
            || '(±' || case
                when metric in ('level', 'count') then {{ fmt_plain('tolerance * 100') }} || '%'
                else {{ fmt_plain('tolerance') }} || '个百分点'
            end || ')' || case when abs(score) <= tolerance then '内' else '' end
    end
{%- endmacro %}

{% macro band_en() -%}
    case
        when comparator <> 'about' or score is null then ''
        else
            case
                when abs(score) <= tolerance then ', within'
                when score > 0 then ', above'
                else ', below'
            end
            || ' the ±' || case
                when metric in ('level', 'count') then {{ fmt_plain('tolerance * 100') }} || '%'
                else {{ fmt_plain('tolerance') }} || ' pp'
            end || ' band'
    end
{%- endmacro %}

{#- 增长6.5% / 下降1.2% (上涨 for price indices) -#}
{% macro growth_words_zh(expr) -%}
    case
        when {{ expr }} < 0 then '下降' || {{ fmt_num('abs(' ~ expr ~ ')') }}
        when indicator_kind = 'rate' then '上涨' || {{ fmt_num(expr) }}
        else '增长' || {{ fmt_num(expr) }}
    end || '%'
{%- endmacro %}

{% macro status_reason_zh() -%}
    case
        when metric = 'milestone' and status = 'achieved' then
            '已完成:' || title_zh || flags_zh
            || coalesce('(' || strftime(release_date, '%Y-%m-%d') || '发布)', '')
        when metric = 'milestone' then '尚无完成情况的报告'
        when status = 'no_data' and metric = 'relation' and figure_yoy_pct is not null then
            period_zh || name_zh || {{ growth_words_zh('figure_yoy_pct') }}
            || ',尚无同期' || related_zh || '增速'
        when status = 'no_data' and metric = 'pp_change' and figure_value is not null then
            period_zh || name_zh || '为' || {{ fmt_plain('figure_value') }} || '%'
            || ',缺少上年同期数据,无法计算变化'
        when status = 'no_data' and metric in ('growth_pct', 'relation') then
            '尚无' || name_zh || '增速数据'
        when status = 'no_data' then '尚无' || name_zh || '数据'
        when metric = 'growth_pct' then
            period_zh || {{ growth_words_zh('actual') }} || flags_zh || ','
            || gap_zh || band_zh || '(目标' || target_phrase_zh || ')'
        when metric = 'share_pct' then
            period_zh || '为' || {{ fmt_num('actual') }} || '%' || flags_zh || ','
            || gap_zh || band_zh || '(目标' || target_phrase_zh || ')'
        when metric = 'pp_change' then
            period_zh
            || case
                when figure_is_pp_change then ''
                else '为' || {{ fmt_plain('figure_value') }} || '%,比上年同期' || {{ fmt_plain('base_value') }} || '%'
            end
            || case when actual < 0 then '下降' else '提高' end || {{ fmt_pp('actual') }} || '个百分点'
            || flags_zh || ',' || gap_zh || band_zh
            || '(目标' || target_phrase_zh || ')'
        when metric = 'relation' then
            period_zh || name_zh || {{ growth_words_zh('figure_yoy_pct') }} || ','
            || related_zh || {{ growth_words_zh('related_yoy_pct') }} || ','
            || case
                when abs(actual) < 0.005 then '增速相同'
                when actual > 0 then '增速高' || {{ fmt_pp('actual') }} || '个百分点'
                else '增速低' || {{ fmt_pp('actual') }} || '个百分点'
            end
            || flags_zh || band_zh || '(目标' || target_phrase_zh || ')'
        when pace_basis = 'year_end' then
            '全年' || actual_zh || flags_zh || completion_zh
            || band_zh || '(目标' || target_phrase_zh || ')'
        when pace_basis in ('seasonal', 'linear') then
            period_zh || '完成' || actual_zh || flags_zh
            || completion_zh
            || case pace_basis when 'seasonal' then '(上年同期进度' else '(时间进度' end
            || expected_pct || '),预计全年'
            || projected_zh
            || band_zh || '(目标' || target_phrase_zh || ')'
        when pace_basis = 'stock_path' then
            period_zh || '为' || actual_zh || flags_zh
            || completion_zh
            || '(上年末' || base_zh
            || coalesce(',按均匀进度应达目标的' || expected_pct, '')
            || '),预计年末' || projected_zh
            || band_zh || '(目标' || target_phrase_zh || ')'
        else
            period_zh || '为' || actual_zh || flags_zh
            || completion_zh || ',存量指标,缺少上年末数据,按当前水平判断'
            || band_zh || '(目标' || target_phrase_zh || ')'
    end
{%- endmacro %}

{% macro status_reason_en() -%}
    case
        when metric = 'milestone' and status = 'achieved' then
            'Done: ' || title_en || flags_en
            || coalesce(' (reported ' || strftime(release_date, '%Y-%m-%d') || ')', '')
        when metric = 'milestone' then 'No report of completion yet'
        when status = 'no_data' and metric = 'relation' and figure_yoy_pct is not null then
            period_en || ' ' || name_en || ' growth '
            || {{ fmt_num('figure_yoy_pct') }} || '%, but no growth of '
            || related_en || ' for the same period yet'
        when status = 'no_data' and metric = 'pp_change' and figure_value is not null then
            period_en || ' ' || name_en || ' ' || {{ fmt_plain('figure_value') }}
            || '%, but no figure for the same period last year to measure the change against'
        when status = 'no_data' and metric in ('growth_pct', 'relation') then
            'No growth figures for ' || name_en || ' yet'
        when status = 'no_data' then 'No figures for ' || name_en || ' yet'
        when metric = 'growth_pct' then
            period_en || ' growth ' || {{ fmt_num('actual') }} || '%' || flags_en || ', '
            || gap_en || band_en || ' (target: ' || target_phrase_en || ')'
        when metric = 'share_pct' then
            period_en || ' ' || {{ fmt_num('actual') }} || '%' || flags_en || ', '
            || gap_en || band_en || ' (target: ' || target_phrase_en || ')'
        when metric = 'pp_change' then
            period_en || ' '
            || case when actual < 0 then 'down ' else 'up ' end || {{ fmt_pp('actual') }} || ' pp'
            || case
                when figure_is_pp_change then ''
                else ' (' || {{ fmt_plain('figure_value') }} || '% vs ' || {{ fmt_plain('base_value') }} || '% a year earlier)'
            end
            || flags_en || ', ' || gap_en || band_en
            || ' (target: ' || target_phrase_en || ')'
        when metric = 'relation' then
            period_en || ' ' || name_en || ' growth '
            || {{ fmt_num('figure_yoy_pct') }} || '%, ' || related_en || ' '
            || {{ fmt_num('related_yoy_pct') }} || '%: '
            || case
                when abs(actual) < 0.005 then 'the same pace'
                when actual > 0 then {{ fmt_pp('actual') }} || ' pp faster'
                else {{ fmt_pp('actual') }} || ' pp slower'
            end
            || flags_en || band_en || ' (target: ' || target_phrase_en || ')'
        when pace_basis = 'year_end' then
            'Full year ' || actual_en || flags_en || completion_en
            || band_en || ' (target: ' || target_phrase_en || ')'
        when pace_basis in ('seasonal', 'linear') then
            period_en || ' ' || actual_en || flags_en
            || completion_en
            || case pace_basis when 'seasonal' then ' (last year''s pace ' else ' (time elapsed ' end
            || expected_pct || '), projected '
            || projected_en || ' for the year'
            || band_en || ' (target: ' || target_phrase_en || ')'
        when pace_basis = 'stock_path' then
            period_en || ' ' || actual_en || flags_en
            || completion_en
            || ' (' || base_en || ' at the end of last year'
            || coalesce('; an even path would be at ' || expected_pct, '')
            || '), projected ' || projected_en || ' at year end'
            || band_en || ' (target: ' || target_phrase_en || ')'
        else
            period_en || ' ' || actual_en || flags_en
            || completion_en || '; a stock with no level for last year-end, read as it stands'
            || band_en || ' (target: ' || target_phrase_en || ')'
    end
{%- endmacro %}
