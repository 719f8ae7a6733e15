{#- Incremental attendance models rebuild by date (partition-replace). `ingest.bangun_ulang.sejak`,
    decided before the build by kinerja/build/bangun_ulang.py, is the first date to rebuild:
    -infinity = everything, a far future date = nothing but the calendar's new days. -#}
{% macro bangun_ulang_sejak() -%}
    (select sejak from {{ source('ingest', 'bangun_ulang') }} where id = 1)
{%- endmacro %}

{#- Rows of the window, in the model body: the dates from `sejak` on, and (ikut_rentang) the dates
    the calendar gained at either end since the last build. -#}
{% macro jendela_bangun_ulang(ekspresi='tanggal', ikut_rentang=true, kolom='tanggal') -%}
    {%- if is_incremental() -%}
    ({{ ekspresi }} >= {{ bangun_ulang_sejak() }}
     {%- if ikut_rentang %}
     or {{ ekspresi }} > (select max({{ kolom }}) from {{ this }})
     or {{ ekspresi }} < (select min({{ kolom }}) from {{ this }})
     {%- endif %})
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{#- The pre-hook of such a model: drop the window's rows; the body then inserts them again. -#}
{% macro hapus_jendela(kolom='tanggal') -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where {{ kolom }} >= {{ bangun_ulang_sejak() }}
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}

{#- Monthly incremental models rebuild by month: `ingest.bangun_ulang.bulan_sejak` is the first
    month to rebuild (-infinity = all), decided with `sejak`. -#}
{% macro bulan_sejak() -%}
    (select bulan_sejak from {{ source('ingest', 'bangun_ulang') }} where id = 1)
{%- endmacro %}

{#- Rows of the months to rebuild, in the model body (true on a full build). -#}
{% macro jendela_bulan(ekspresi='periode') -%}
    {%- if is_incremental() -%}
    ({{ ekspresi }} >= {{ bulan_sejak() }})
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{#- The pre-hook of a monthly model: drop the months to rebuild; the body inserts them again. -#}
{% macro hapus_bulan(kolom='periode') -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where {{ kolom }} >= {{ bulan_sejak() }}
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}
