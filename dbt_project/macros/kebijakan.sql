{#- The policy row in force for an instansi on a date: the instansi's own latest row, else the
    default's (empty instansi_kode). Use inside `cross join lateral ( ... ) k`. -#}
{% macro kebijakan_berlaku(kebijakan, instansi, tanggal) -%}
    select k.* from {{ kebijakan }} k
    where (k.instansi_kode = {{ instansi }} or k.instansi_kode is null) and k.berlaku_mulai <= {{ tanggal }}
    order by (k.instansi_kode is null), k.berlaku_mulai desc
    limit 1
{%- endmacro %}

{#- TL/PSW category of a minute count under the policy thresholds (scoring.md §2): null minutes
    (missing tap) -> 4, 0 -> null, days that are not HADIR -> null. -#}
{% macro kategori_menit(menit, prefix, status_kehadiran, batas_1, batas_2, batas_3) -%}
    case
        when {{ status_kehadiran }} <> 'HADIR' then null
        when {{ menit }} is null then '{{ prefix }}4'
        when {{ menit }} = 0 then null
        when {{ menit }} <= {{ batas_1 }} then '{{ prefix }}1'
        when {{ menit }} <= {{ batas_2 }} then '{{ prefix }}2'
        when {{ menit }} <= {{ batas_3 }} then '{{ prefix }}3'
        else '{{ prefix }}4'
    end
{%- endmacro %}

{#- The last day of the month that starts on `periode` (a date): the day as of which a month's roster
    version and policy row are read. -#}
{% macro akhir_bulan(periode) -%}
    ({{ periode }} + interval '1 month - 1 day')::date
{%- endmacro %}

{#- The roster version of an employee in force on a date (SCD2). Use inside `left join lateral ( ... ) p on true`. -#}
{% macro pegawai_berlaku(pegawai, nip, tanggal) -%}
    select * from {{ pegawai }} v
    where v.nip = {{ nip }} and v.berlaku_mulai <= {{ tanggal }}
    order by v.berlaku_mulai desc
    limit 1
{%- endmacro %}
