{#- Text -> typed values for the formats of sources.md. Rows that do not parse give null;
    the Great Expectations gate on the raw batch reports them. -#}

{#- The same parser the validation suites use (kinerja/warehouse/sql/functions.sql). -#}
{% macro parse_date(col) -%}
    ingest.parse_date({{ col }})
{%- endmacro %}

{#- Wall-clock part of a datetime, without any offset (local time as written). -#}
{% macro parse_local_timestamp(col) -%}
    ({{ parse_date(col) }} + case
        when {{ col }} ~ '^.{10}[ T]\d{1,2}:\d{2}'
            then substring({{ col }} from '^.{10}[ T](\d{1,2}:\d{2}(?::\d{2})?)')::time
        else time '00:00'
    end)
{%- endmacro %}

{#- The instant when the text carries an offset (ISO 8601 with Z or +07:00), else null. -#}
{% macro parse_offset_timestamp(col) -%}
    case when {{ col }} ~ '(Z|[+-]\d{2}:?\d{2})$' and {{ col }} ~ '^\d{4}-\d{2}-\d{2}'
        then {{ col }}::timestamptz end
{%- endmacro %}

{% macro zona_ke_iana(col) -%}
    case {{ col }} when 'WIB' then 'Asia/Jakarta' when 'WITA' then 'Asia/Makassar' when 'WIT' then 'Asia/Jayapura' end
{%- endmacro %}

{% macro parse_numeric(col) -%}
    case when {{ col }} ~ '^-?\d+([.,]\d+)?$' then replace({{ col }}, ',', '.')::numeric end
{%- endmacro %}
