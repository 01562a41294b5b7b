{#-
  Human-readable labels used in status reasons. Kept as macros so every model words things alike.
  Numbers are rounded for reading only (columns keep full precision); `+ 0.0` turns -0.0 into 0.0,
  so no reason ever prints "-0.0".
-#}

{#- One decimal: 5.2, 0.0, -1.3 -#}
{% macro fmt_num(expr, decimals=1) -%}
    printf('%.{{ decimals }}f', round({{ expr }}, {{ decimals }}) + 0.0)
{%- endmacro %}

{#- A number without trailing zeros: 2250, 6.5, 0.25 -#}
{% macro fmt_plain(expr) -%}
    regexp_replace(regexp_replace(printf('%.4f', round({{ expr }}, 4) + 0.0), '0+$', ''), '\.$', '')
{%- endmacro %}

{#- Like fmt_plain, with thousands separators: 12,685,000 and 223.49 -#}
{% macro fmt_grouped(expr) -%}
    regexp_replace(regexp_replace(format('{:,.4f}', round({{ expr }}, 4) + 0.0), '0+$', ''), '\.$', '')
{%- endmacro %}

{#- Capitalise the first letter of an English phrase (period labels open English reasons). -#}
{% macro cap_first(expr) -%}
    (upper(left({{ expr }}, 1)) || substr({{ expr }}, 2))
{%- endmacro %}

{#- Lower-case the first letter of a name used mid-sentence ("Gross regional product" → "gross …"),
    but not of an acronym ("GDP", "R&D"). -#}
{% macro lower_first(expr) -%}
    case
        when regexp_matches({{ expr }}, '^[A-Z][a-z]') then lower(left({{ expr }}, 1)) || substr({{ expr }}, 2)
        else {{ expr }}
    end
{%- endmacro %}

{#-
  An amount with its unit, in Chinese. Counts of 10,000 or more that are whole hundreds are written
  with 万 as work reports do (3120000亩 → 312万亩, 89000户 → 8.9万户); everything else as is.
-#}
{% macro fmt_amount_zh(value_expr, unit_expr) -%}
    case
        when {{ value_expr }} is null then null
        when
            {{ unit_expr }} in ('个', '项', '户', '套', '张', '条', '公里', '处', '亩', '所', '家', '场')
            and abs({{ value_expr }}) >= 10000
            and round({{ value_expr }}, 4) = round({{ value_expr }} / 100) * 100
            then {{ fmt_plain(value_expr ~ ' / 10000') }} || '万' || {{ unit_expr }}
        else {{ fmt_plain(value_expr) }} || coalesce({{ unit_expr }}, '')
    end
{%- endmacro %}

{#-
  An amount with its unit, in English: canonical Chinese units become English ones (亿元 → bn yuan,
  万人 → people ×10,000, 万吨 → tonnes …); plain counts (个, 户, 项 …) carry no unit word.
-#}
{% macro fmt_amount_en(value_expr, unit_expr) -%}
    case
        when {{ value_expr }} is null then null
        when {{ unit_expr }} = '%' then {{ fmt_plain(value_expr) }} || '%'
        when {{ unit_expr }} = '个百分点' then {{ fmt_plain(value_expr) }} || ' pp'
        when {{ unit_expr }} = '亿元' then {{ fmt_grouped(value_expr ~ ' / 10') }} || ' bn yuan'
        when {{ unit_expr }} = '元' then {{ fmt_grouped(value_expr) }} || ' yuan'
        when {{ unit_expr }} = '万人' then {{ fmt_grouped(value_expr ~ ' * 10000') }} || ' people'
        when {{ unit_expr }} = '万辆' then {{ fmt_grouped(value_expr ~ ' * 10000') }} || ' vehicles'
        when {{ unit_expr }} = '万平方米' then {{ fmt_grouped(value_expr ~ ' * 10000') }} || ' m²'
        when {{ unit_expr }} = '万吨' then {{ fmt_grouped(value_expr ~ ' * 10000') }} || ' tonnes'
        when {{ unit_expr }} = '万头' then {{ fmt_grouped(value_expr ~ ' * 10000') }} || ' head'
        when {{ unit_expr }} = '万只' then {{ fmt_grouped(value_expr ~ ' * 10000') }} || ' head'
        when {{ unit_expr }} = '亿只' then {{ fmt_grouped(value_expr ~ ' * 100') }} || ' million pieces'
        when {{ unit_expr }} = '辆' then {{ fmt_grouped(value_expr) }} || ' vehicles'
        when {{ unit_expr }} = '人次' then {{ fmt_grouped(value_expr) }} || ' visits'
        when {{ unit_expr }} = '公里' then {{ fmt_grouped(value_expr) }} || ' km'
        when {{ unit_expr }} = '亩' then {{ fmt_grouped(value_expr) }} || ' mu'
        when {{ unit_expr }} = 'P' then {{ fmt_grouped(value_expr) }} || ' PFLOPS'
        when {{ unit_expr }} = '套' then {{ fmt_grouped(value_expr) }} || ' units'
        when {{ unit_expr }} = '张' then {{ fmt_grouped(value_expr) }} || ' beds'
        when {{ unit_expr }} = '场' then {{ fmt_grouped(value_expr) }} || ' events'
        when {{ unit_expr }} = '项' then {{ fmt_grouped(value_expr) }} || ' items'
        else {{ fmt_grouped(value_expr) }}
    end
{%- endmacro %}

{% macro period_label_zh(month_expr, kind_expr) -%}
    case
        when {{ month_expr }} is null then null
        when {{ month_expr }} = 12 then '全年'
        when {{ kind_expr }} = 'quarter_ytd' and {{ month_expr }} = 3 then '一季度'
        when {{ kind_expr }} = 'quarter_ytd' and {{ month_expr }} = 6 then '上半年'
        when {{ kind_expr }} = 'quarter_ytd' and {{ month_expr }} = 9 then '前三季度'
        when {{ kind_expr }} = 'month' then {{ month_expr }} || '月'
        else '1-' || {{ month_expr }} || '月'
    end
{%- endmacro %}

{% macro period_label_en(month_expr, kind_expr) -%}
    case
        when {{ month_expr }} is null then null
        when {{ month_expr }} = 12 then 'full year'
        when {{ kind_expr }} = 'quarter_ytd' and {{ month_expr }} = 3 then 'Q1'
        when {{ kind_expr }} = 'quarter_ytd' and {{ month_expr }} = 6 then 'H1'
        when {{ kind_expr }} = 'quarter_ytd' and {{ month_expr }} = 9 then 'Q1-Q3'
        when {{ kind_expr }} = 'month'
            then ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][{{ month_expr }}]
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
