with source as (select * from {{ loaded('survei_perilaku') }} s),

typed as (
    select
        respons_id,
        to_date(periode || '-01', 'YYYY-MM-DD') as periode,
        pegawai_nip,
        penilai_nip_hash,
        upper(peran_penilai) as peran_penilai,
        {% for c in ['berorientasi_pelayanan', 'akuntabel', 'kompeten', 'harmonis', 'loyal', 'adaptif', 'kolaboratif'] -%}
        case when {{ c }} ~ '^[1-5]$' then {{ c }}::integer end as {{ c }},
        {% endfor -%}
        _batch_id,
        _line
    from source
    where periode ~ '^\d{4}-\d{2}$'
)

select distinct on (respons_id) *
from typed
order by respons_id, _batch_id desc, _line desc
