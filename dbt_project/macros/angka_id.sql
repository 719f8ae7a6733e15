{#- A number as Indonesian text: decimal comma, trailing decimal zeros dropped (97.50 -> "97,5", 100 -> "100"). -#}
{% macro angka_id(value) -%}
    replace(rtrim(regexp_replace(({{ value }})::text, '(\.\d*?)0+$', '\1'), '.'), '.', ',')
{%- endmacro %}
