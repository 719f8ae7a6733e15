with source as (select * from {{ loaded('layanan') }} s),

typed as (
    select
        layanan_kode,
        nama_layanan,
        unit_kode,
        {{ parse_numeric('sla_nilai') }} as sla_nilai,
        upper(sla_satuan) as sla_satuan,
        {{ parse_date('berlaku_mulai') }} as berlaku_mulai,
        _batch_id,
        _line
    from source
)

select distinct on (layanan_kode, berlaku_mulai) *
from typed
order by layanan_kode, berlaku_mulai, _batch_id desc, _line desc
