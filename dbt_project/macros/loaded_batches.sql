{#- Raw rows of batches the ledger marks LOADED (PENDING and BLOCKED batches never reach the
    marts), with every text value trimmed and empty strings as null: raw keeps the bytes as
    delivered, and this is the one place they are normalised. -#}
{% macro loaded(source_table) -%}
    {%- set relation = source('raw', source_table) -%}
    {%- set columns = adapter.get_columns_in_relation(relation) if execute else [] -%}
    (select r._batch_id, r._line
        {%- for c in columns if c.name not in ('_batch_id', '_line') %},
        nullif(btrim(r.{{ adapter.quote(c.name) }}), '') as {{ adapter.quote(c.name) }}
        {%- endfor %}
     from {{ relation }} r
     join {{ source('ingest', 'ledger') }} l on l.batch_id = r._batch_id and l.status = 'LOADED')
{%- endmacro %}
