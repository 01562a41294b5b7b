{#- The model has at least one row (a model that silently ends up empty is a failure, not a result). -#}
{% test not_empty(model) %}
    select 'empty' as problem
    where not exists (select 1 from {{ model }})
{% endtest %}
