{#- Raw rows of batches the ledger marks LOADED (a BLOCKED batch never reaches the marts). -#}
{% macro loaded(source_table) -%}
    (select r.* from {{ source('raw', source_table) }} r
     join {{ source('ingest', 'ledger') }} l on l.batch_id = r._batch_id and l.status = 'LOADED')
{%- endmacro %}
