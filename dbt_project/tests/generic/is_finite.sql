{#- No NaN or infinite value in the column (nulls pass; a division guarded with nullif gives null). -#}
{% test is_finite(model, column_name) %}
    select *
    from {{ model }}
    where {{ column_name }} is not null and (isnan({{ column_name }}) or isinf({{ column_name }}))
{% endtest %}
