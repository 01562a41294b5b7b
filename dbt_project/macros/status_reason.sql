{#-
  One-line reasons an analyst can read, in Chinese and English, built from the columns of
  target_progress's `statused` CTE. Numbers are rounded for reading only; the columns keep precision.
-#}

{% macro target_phrase_zh() -%}
    case comparator
        when 'at_least' then {{ fmt_plain('target_value_canonical') }} || canonical_unit || '以上'
        when 'about' then {{ fmt_plain('target_value_canonical') }} || canonical_unit || '左右'
        when 'at_most' then '控制在' || {{ fmt_plain('target_value_canonical') }} || canonical_unit || '以内'
        when 'more_than' then '超过' || {{ fmt_plain('target_value_canonical') }} || canonical_unit
        when 'reach' then '达到' || {{ fmt_plain('target_value_canonical') }} || canonical_unit
        when 'strive' then '力争' || {{ fmt_plain('target_value_canonical') }} || canonical_unit
    end
{%- endmacro %}

{% macro target_phrase_en() -%}
    {{ comparator_en('comparator') }} || ' ' || {{ fmt_plain('target_value_canonical') }} || ' ' || canonical_unit
{%- endmacro %}

{% macro gap_words_zh(diff_expr, unit_zh) -%}
    case
        when abs({{ diff_expr }}) < 0.05 then '与目标持平'
        when {{ diff_expr }} > 0 then '高于目标' || {{ fmt_num('abs(' ~ diff_expr ~ ')') }} || '{{ unit_zh }}'
        else '低于目标' || {{ fmt_num('abs(' ~ diff_expr ~ ')') }} || '{{ unit_zh }}'
    end
{%- endmacro %}

{% macro gap_words_en(diff_expr) -%}
    case
        when abs({{ diff_expr }}) < 0.05 then 'level with the target'
        when {{ diff_expr }} > 0 then {{ fmt_num('abs(' ~ diff_expr ~ ')') }} || ' pp above the target'
        else {{ fmt_num('abs(' ~ diff_expr ~ ')') }} || ' pp below the target'
    end
{%- endmacro %}

{% macro flags_zh() -%}
    case when is_estimate then '(预计数)' else '' end || case when is_lower_bound then '(下限值)' else '' end
{%- endmacro %}

{% macro flags_en() -%}
    case when is_estimate then ' (estimate)' else '' end || case when is_lower_bound then ' (lower bound)' else '' end
{%- endmacro %}

{% macro status_reason_zh() -%}
    case
        when metric = 'milestone' and status = 'achieved' then '已完成:' || figure_quote
        when metric = 'milestone' then '尚无完成情况的报告'
        when status = 'no_data' and metric = 'relation' and actual is null and figure_yoy_pct is not null
            then '尚无同期' || coalesce(related_name_zh, related_indicator_id) || '增速'
        when status = 'no_data' and metric = 'pp_change' and figure_value is not null
            then '缺少上年基数,无法计算变化'
        when status = 'no_data' then '尚无' || coalesce(indicator_name_zh, indicator_id) || '的数据'
        when metric = 'growth_pct' then
            {{ period_label_zh('figure_month', 'figure_period_kind') }} || '增长' || {{ fmt_num('actual') }} || '%'
            || {{ flags_zh() }} || ','
            || {{ gap_words_zh('actual - target_value_canonical', '个百分点') }} || '(目标' || {{ target_phrase_zh() }} || ')'
        when metric = 'relation' then
            {{ period_label_zh('figure_month', 'figure_period_kind') }} || coalesce(indicator_name_zh, indicator_id)
            || '增长' || {{ fmt_num('figure_yoy_pct') }} || '%,' || coalesce(related_name_zh, related_indicator_id)
            || '增长' || {{ fmt_num('related_yoy_pct') }} || '%,相差' || {{ fmt_num('actual') }} || '个百分点'
            || {{ flags_zh() }}
        when metric = 'share_pct' then
            {{ period_label_zh('figure_month', 'figure_period_kind') }} || '为' || {{ fmt_num('actual') }} || '%'
            || {{ flags_zh() }} || ',' || {{ gap_words_zh('actual - target_value_canonical', '个百分点') }}
            || '(目标' || {{ target_phrase_zh() }} || ')'
        when metric = 'pp_change' then
            {{ period_label_zh('figure_month', 'figure_period_kind') }}
            || case when actual >= 0 then '提高' else '下降' end || {{ fmt_num('abs(actual)') }} || '个百分点'
            || {{ flags_zh() }} || '(目标' || {{ target_phrase_zh() }} || ')'
        when is_year_end then
            '全年' || {{ fmt_plain('actual') }} || canonical_unit || {{ flags_zh() }}
            || ',为目标的' || {{ fmt_num('completion * 100') }} || '%(目标' || {{ target_phrase_zh() }} || ')'
        when pace_basis is not null then
            {{ period_label_zh('figure_month', 'figure_period_kind') }} || '完成' || {{ fmt_plain('actual') }} || canonical_unit
            || {{ flags_zh() }} || ',为目标的' || {{ fmt_num('completion * 100') }} || '%'
            || case pace_basis when 'seasonal' then '(上年同期进度' else '(时间进度' end
            || {{ fmt_num('expected_share * 100') }} || '%),预计全年' || {{ fmt_num('projected_full_year') }} || canonical_unit
            || '(目标' || {{ target_phrase_zh() }} || ')'
        else
            {{ period_label_zh('figure_month', 'figure_period_kind') }} || '为' || {{ fmt_plain('actual') }} || canonical_unit
            || {{ flags_zh() }} || ',为目标的' || {{ fmt_num('completion * 100') }} || '%(目标' || {{ target_phrase_zh() }} || ')'
    end
{%- endmacro %}

{% macro status_reason_en() -%}
    case
        when metric = 'milestone' and status = 'achieved' then 'Done: ' || figure_quote
        when metric = 'milestone' then 'No report of completion yet'
        when status = 'no_data' and metric = 'relation' and actual is null and figure_yoy_pct is not null
            then 'No growth of ' || coalesce(related_name_en, related_indicator_id) || ' for the same period yet'
        when status = 'no_data' and metric = 'pp_change' and figure_value is not null
            then 'No base-year share to measure the change against'
        when status = 'no_data' then 'No figures for ' || coalesce(indicator_name_en, indicator_id) || ' yet'
        when metric = 'growth_pct' then
            {{ period_label_en('figure_month', 'figure_period_kind') }} || ' growth ' || {{ fmt_num('actual') }} || '%'
            || {{ flags_en() }} || ', ' || {{ gap_words_en('actual - target_value_canonical') }}
            || ' (target: ' || {{ target_phrase_en() }} || ')'
        when metric = 'relation' then
            {{ period_label_en('figure_month', 'figure_period_kind') }} || ' ' || coalesce(indicator_name_en, indicator_id)
            || ' grew ' || {{ fmt_num('figure_yoy_pct') }} || '%, ' || coalesce(related_name_en, related_indicator_id)
            || ' ' || {{ fmt_num('related_yoy_pct') }} || '%: a difference of ' || {{ fmt_num('actual') }} || ' pp'
            || {{ flags_en() }}
        when metric = 'share_pct' then
            {{ period_label_en('figure_month', 'figure_period_kind') }} || ' ' || {{ fmt_num('actual') }} || '%'
            || {{ flags_en() }} || ', ' || {{ gap_words_en('actual - target_value_canonical') }}
            || ' (target: ' || {{ target_phrase_en() }} || ')'
        when metric = 'pp_change' then
            {{ period_label_en('figure_month', 'figure_period_kind') }}
            || case when actual >= 0 then ' up ' else ' down ' end || {{ fmt_num('abs(actual)') }} || ' pp'
            || {{ flags_en() }} || ' (target: ' || {{ target_phrase_en() }} || ')'
        when is_year_end then
            'Full year ' || {{ fmt_plain('actual') }} || ' ' || canonical_unit || {{ flags_en() }}
            || ', ' || {{ fmt_num('completion * 100') }} || '% of the target (' || {{ target_phrase_en() }} || ')'
        when pace_basis is not null then
            {{ period_label_en('figure_month', 'figure_period_kind') }} || ' ' || {{ fmt_plain('actual') }} || ' '
            || canonical_unit || {{ flags_en() }} || ', ' || {{ fmt_num('completion * 100') }} || '% of the target ('
            || case pace_basis when 'seasonal' then 'last year''s pace ' else 'time elapsed ' end
            || {{ fmt_num('expected_share * 100') }} || '%), projected ' || {{ fmt_num('projected_full_year') }} || ' '
            || canonical_unit || ' for the year (target: ' || {{ target_phrase_en() }} || ')'
        else
            {{ period_label_en('figure_month', 'figure_period_kind') }} || ' ' || {{ fmt_plain('actual') }} || ' '
            || canonical_unit || {{ flags_en() }} || ', ' || {{ fmt_num('completion * 100') }} || '% of the target ('
            || {{ target_phrase_en() }} || ')'
    end
{%- endmacro %}
