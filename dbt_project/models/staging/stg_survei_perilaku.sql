-- No regex filter in a where clause: validation already rejected malformed values, and such a
-- filter makes the planner expect 0.5 % of the rows and choose nested loops downstream.
with source as (select * from {{ loaded('survei_perilaku') }} s),

typed as (
    select
        respons_id,
        case when periode ~ '^\d{4}-\d{2}$' then to_date(periode || '-01', 'YYYY-MM-DD') end as periode,
        pegawai_nip,
        penilai_nip_hash,
        upper(peran_penilai) as peran_penilai,
        {% for c in ['berorientasi_pelayanan', 'akuntabel', 'kompeten', 'harmonis', 'loyal', 'adaptif', 'kolaboratif'] -%}
        case when {{ c }} ~ '^[1-5]$' then {{ c }}::integer end as {{ c }},
        {% endfor -%}
        _batch_id,
        _line
    from source
)

select distinct on (respons_id) *
from typed
order by respons_id, _batch_id desc, _line desc
