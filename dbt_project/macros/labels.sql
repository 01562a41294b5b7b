{#- Human-readable labels used in status reasons. Kept as macros so every model words things alike. -#}

{% macro fmt_num(expr, decimals=1) -%}
    printf('%.{{ decimals }}f', round({{ expr }}, {{ decimals }}) + 0.0)
{%- endmacro %}

{#- A number without trailing zeros: 2250, 6.5, 0.25 -#}
{% macro fmt_plain(expr) -%}
    regexp_replace(regexp_replace(printf('%.4f', round({{ expr }}, 4) + 0.0), '0+$', ''), '\.$', '')
{%- endmacro %}

{% macro period_label_zh(month_expr, kind_expr) -%}
    case
        when {{ month_expr }} = 12 then '全年'
        when {{ kind_expr }} = 'quarter_ytd' and {{ month_expr }} = 3 then '一季度'
        when {{ kind_expr }} = 'quarter_ytd' and {{ month_expr }} = 6 then '上半年'
        when {{ kind_expr }} = 'quarter_ytd' and {{ month_expr }} = 9 then '前三季度'
        else '1-' || {{ month_expr }} || '月'
    end
{%- endmacro %}

{% macro period_label_en(month_expr, kind_expr) -%}
    case
        when {{ month_expr }} = 12 then 'full year'
        when {{ kind_expr }} = 'quarter_ytd' and {{ month_expr }} = 3 then 'Q1'
        when {{ kind_expr }} = 'quarter_ytd' and {{ month_expr }} = 6 then 'H1'
        when {{ kind_expr }} = 'quarter_ytd' and {{ month_expr }} = 9 then 'Q1-Q3'
        else 'Jan-' || ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][{{ month_expr }}]
    end
{%- endmacro %}

{% macro comparator_zh(expr) -%}
    case {{ expr }}
        when 'at_least' then '以上'
        when 'about' then '左右'
        when 'at_most' then '以内'
        when 'more_than' then '超过'
        when 'reach' then '达到'
        when 'strive' then '力争'
    end
{%- endmacro %}

{% macro comparator_en(expr) -%}
    case {{ expr }}
        when 'at_least' then 'at least'
        when 'about' then 'about'
        when 'at_most' then 'at most'
        when 'more_than' then 'more than'
        when 'reach' then 'reach'
        when 'strive' then 'strive for'
    end
{%- endmacro %}
