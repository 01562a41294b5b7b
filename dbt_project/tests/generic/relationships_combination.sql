{#-
  Every combination of `columns` in the model exists as a combination of `to_columns` in `to`
  (a relationships test over several columns; rows with a null in any column are not checked).
-#}
{% test relationships_combination(model, columns, to, to_columns) %}
    select {% for c in columns %}child.{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}, count(*) as n_rows
    from {{ model }} as child
    where
        {% for c in columns %}child.{{ c }} is not null{% if not loop.last %} and {% endif %}{% endfor %}
        and not exists (
            select 1
            from {{ to }} as parent
            where
                {% for c in columns %}parent.{{ to_columns[loop.index0] }} = child.{{ c }}{% if not loop.last %} and {% endif %}{% endfor %}
        )
    group by all
{% endtest %}
