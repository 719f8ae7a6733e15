with source as (select * from {{ loaded('hari_libur') }} s),

typed as (
    select
        {{ parse_date('tanggal') }} as tanggal,
        upper(jenis) as jenis,
        nullif(instansi_kode, '') as instansi_kode,
        keterangan,
        _batch_id
    from source
)

select * from typed
