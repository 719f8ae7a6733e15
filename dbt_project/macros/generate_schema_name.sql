{#- Layers land in fixed schemas (staging, intermediate, marts, kebijakan): BI tools and the
    access roles of published.md address them by name. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
