{#- A number as Indonesian text: decimal comma, trailing zeros dropped (97.50 -> "97,5"). -#}
{% macro angka_id(value) -%}
    replace(rtrim(rtrim(({{ value }})::text, '0'), '.'), '.', ',')
{%- endmacro %}
