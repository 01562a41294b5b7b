{#-
  Catalogs of other regions or years, as CSV files with the targets seed's columns, dropped into
  <home>/catalogs/. The pipeline lists them in TARGETWATCH_EXTRA_CATALOGS (comma-separated absolute
  paths); with none, this renders nothing.
-#}
{% macro extra_catalogs() -%}
    {%- set files = env_var('TARGETWATCH_EXTRA_CATALOGS', '') | trim -%}
    {%- if files -%}
    union all by name
    select * from read_csv(
        [{%- for f in files.split(',') %}'{{ f | trim }}'{% if not loop.last %}, {% endif %}{% endfor -%}],
        header = true,
        columns = {
            'target_id': 'varchar', 'plan_year': 'integer', 'region_code': 'varchar', 'section': 'varchar',
            'indicator_id': 'varchar', 'title_zh': 'varchar', 'title_en': 'varchar', 'metric': 'varchar',
            'comparator': 'varchar', 'target_value': 'double', 'unit': 'varchar',
            'related_indicator_id': 'varchar', 'source_quote': 'varchar', 'source_offset': 'integer'
        }
    )
    {%- endif -%}
{%- endmacro %}
