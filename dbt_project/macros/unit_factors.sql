{#- Conversion factors: the unit_conversions seed, plus "a unit converts to itself" for every unit in use. -#}
{% macro unit_factors() -%}
    select from_unit, to_unit, factor from {{ ref('unit_conversions') }}
    union
    select unit as from_unit, unit as to_unit, 1.0 as factor
    from {{ ref('indicators') }}
    where unit is not null
{%- endmacro %}
