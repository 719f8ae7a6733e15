-- Latest row per (nip, periode, indikator_kode) by file arrival (sources.md).
with source as (select * from {{ loaded('skp') }} s),

typed as (
    select
        nip,
        to_date(periode || '-01', 'YYYY-MM-DD') as periode,
        indikator_kode,
        indikator,
        upper(jenis) as jenis,
        {{ parse_numeric('target') }} as target,
        {{ parse_numeric('realisasi') }} as realisasi,
        satuan,
        upper(arah) as arah,
        _batch_id,
        _line
    from source
    where periode ~ '^\d{4}-\d{2}$'
)

select distinct on (nip, periode, indikator_kode) *
from typed
order by nip, periode, indikator_kode, _batch_id desc, _line desc
