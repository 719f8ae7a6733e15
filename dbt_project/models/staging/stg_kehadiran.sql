-- One row per tap as delivered (duplicates kept; the direction column is kept but unused).
with source as (select * from {{ loaded('kehadiran') }} s),

typed as (
    select
        nip,
        waktu as waktu_teks,
        {{ parse_local_timestamp('waktu') }} as waktu_lokal,
        {{ parse_offset_timestamp('waktu') }} as waktu_offset,
        mesin_id,
        upper(metode) as metode,
        upper(nullif(arah, '')) as arah,
        {{ parse_numeric('lintang') }} as lintang,
        {{ parse_numeric('bujur') }} as bujur,
        _batch_id,
        _line
    from source
)

select * from typed
