-- Approved leave and duty expanded to days (latest version of each request, status DISETUJUI).
with cuti as (select * from {{ ref('stg_cuti') }}),

approved as (
    select * from cuti
    where status = 'DISETUJUI' and tanggal_mulai is not null and tanggal_selesai >= tanggal_mulai
),

days as (
    select
        a.nip,
        d::date as tanggal,
        a.nomor,
        a.jenis,
        case when a.jenis like 'CUTI\_%' or a.jenis = 'CLTN' then 'CUTI' else a.jenis end as status_kehadiran,
        a.diperbarui_pada
    from approved a
    cross join generate_series(a.tanggal_mulai, a.tanggal_selesai, interval '1 day') d
),

-- overlapping approved requests: the most recently updated decides the day
one_per_day as (
    select distinct on (nip, tanggal) nip, tanggal, nomor, jenis, status_kehadiran
    from days
    order by nip, tanggal, diperbarui_pada desc, nomor
)

select * from one_per_day
