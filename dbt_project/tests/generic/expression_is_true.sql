{#- Every row satisfies the expression (as a model test, or on one column with `column_name`). -#}
{% test expression_is_true(model, expression, column_name=none) %}
    select *
    from {{ model }}
    where not coalesce(({{ expression }}), false)
    {%- if column_name %} and {{ column_name }} is not null{% endif %}
{% endtest %}
