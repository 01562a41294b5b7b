{#-
  A cumulative flow's year-to-date value never decreases within a year; each year starts afresh on
  1 January (1-12月 of one year followed by 1-2月 of the next is not a drop). Applies to models with
  region_code, indicator_id, year, month, value and is_pp_change; flows per the indicators seed.
  Failing rows name the two periods.
-#}
{% test ytd_non_decreasing(model) %}
    with flows as (
        select
            m.region_code,
            m.indicator_id,
            m.year,
            m.month,
            m.value,
            lag(m.month) over (partition by m.region_code, m.indicator_id, m.year order by m.month) as previous_month,
            lag(m.value) over (partition by m.region_code, m.indicator_id, m.year order by m.month) as previous_value
        from {{ model }} as m
        inner join {{ ref('indicators') }} as i on m.indicator_id = i.indicator_id
        where i.kind = 'flow' and not m.is_pp_change and m.value is not null
    )
    select * from flows where value < previous_value
{% endtest %}
