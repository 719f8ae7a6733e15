-- The SLA clock of resolved tickets, in the unit of their SLA (scoring.md §4).
with tiket as (select * from {{ ref('int_tiket_terkini') }}),

kalender as (select * from {{ ref('int_kalender_unit') }}),

resolved as (
    select * from tiket where selesai and diselesaikan_pada is not null
),

hari_kerja as (
    select r.tiket_id, count(k.tanggal) as jumlah
    from resolved r
    left join kalender k
      on k.unit_kode = r.unit_kode and k.hari_kerja
     and k.tanggal > r.dibuat_lokal::date and k.tanggal <= r.selesai_lokal::date
    where r.sla_satuan = 'HARI_KERJA'
    group by r.tiket_id
),

jam_kerja as (
    select
        r.tiket_id,
        coalesce(sum(greatest(0, extract(epoch from
            least(r.selesai_lokal, k.tanggal + k.jam_pulang_jadwal)
            - greatest(r.dibuat_lokal, k.tanggal + k.jam_masuk_jadwal)))), 0) / 3600.0 as jumlah
    from resolved r
    left join kalender k
      on k.unit_kode = r.unit_kode and k.hari_kerja
     and k.tanggal between r.dibuat_lokal::date and r.selesai_lokal::date
    where r.sla_satuan = 'JAM_KERJA'
    group by r.tiket_id
),

durasi as (
    select
        r.tiket_id,
        case r.sla_satuan
            when 'HARI_KERJA' then hk.jumlah::numeric
            when 'JAM_KERJA' then jk.jumlah::numeric
            when 'JAM' then extract(epoch from r.diselesaikan_pada - r.dibuat_pada)::numeric / 3600
            when 'MENIT' then extract(epoch from r.diselesaikan_pada - r.dibuat_pada)::numeric / 60
        end as durasi_sla_satuan
    from resolved r
    left join hari_kerja hk using (tiket_id)
    left join jam_kerja jk using (tiket_id)
)

select * from durasi
