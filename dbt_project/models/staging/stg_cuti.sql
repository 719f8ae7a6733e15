-- Change records: the latest version per nomor (by diperbarui_pada, then arrival) is the request's state.
with source as (select * from {{ loaded('cuti') }} s),

typed as (
    select
        nomor,
        nip,
        upper(jenis) as jenis,
        {{ parse_date('tanggal_mulai') }} as tanggal_mulai,
        {{ parse_date('tanggal_selesai') }} as tanggal_selesai,
        upper(status) as status,
        {{ parse_local_timestamp('diperbarui_pada') }} as diperbarui_pada,
        _batch_id,
        _line
    from source
),

latest as (
    select distinct on (nomor) *
    from typed
    order by nomor, diperbarui_pada desc, _batch_id desc, _line desc
)

select * from latest
