-- Latest row per (nip, periode, indikator_kode) by file arrival (sources.md).
-- No regex filter in a where clause: validation already rejected malformed values, and such a
-- filter makes the planner expect 0.5 % of the rows and choose nested loops downstream.
with source as (select * from {{ loaded('skp') }} s),

typed as (
    select
        nip,
        case when periode ~ '^\d{4}-\d{2}$' then to_date(periode || '-01', 'YYYY-MM-DD') end as periode,
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
)

select distinct on (nip, periode, indikator_kode) *
from typed
order by nip, periode, indikator_kode, _batch_id desc, _line desc
