-- One row per unit and date: whether it is a hari kerja and its scheduled hours (scoring.md §1).
with units as (select * from {{ ref('int_unit_kerja') }}),

span as (select * from {{ ref('int_rentang_tanggal') }}),

jadwal as (select * from {{ ref('stg_jadwal_kerja') }}),

jadwal_default as (select * from {{ ref('jadwal_kerja_default') }}),

libur_nasional as (select * from {{ ref('stg_libur_nasional') }}),

hari_libur as (select * from {{ ref('stg_hari_libur') }}),

days as (
    select u.unit_kode, u.instansi_kode, u.zona_iana, d::date as tanggal, extract(isodow from d)::integer as hari
    from units u
    cross join span
    cross join generate_series(span.tanggal_mulai, span.tanggal_sampai, interval '1 day') d
),

-- rows effective on the date, unit rows first, then instansi rows
effective as (
    select d.unit_kode, d.tanggal, j.berlaku_mulai, j.hari, j.jam_masuk, j.jam_pulang, j.keterangan, j._batch_id,
           case when j.unit_kode is not null then 1 else 2 end as tingkat
    from days d
    join jadwal j
      on j.instansi_kode = d.instansi_kode
     and (j.unit_kode = d.unit_kode or j.unit_kode is null)
     and d.tanggal >= j.berlaku_mulai
     and (j.berlaku_sampai is null or d.tanggal <= j.berlaku_sampai)
),

-- the most specific level, then the latest berlaku_mulai: that set replaces earlier ones; a set
-- sent again (same berlaku_mulai, a later file) replaces the earlier copy
chosen_set as (
    select distinct on (unit_kode, tanggal) unit_kode, tanggal, tingkat, berlaku_mulai, _batch_id
    from effective
    order by unit_kode, tanggal, tingkat, berlaku_mulai desc, _batch_id desc nulls last
),

schedule as (
    select c.unit_kode, c.tanggal, e.hari, e.jam_masuk, e.jam_pulang, e.keterangan
    from chosen_set c
    join effective e
      on e.unit_kode = c.unit_kode and e.tanggal = c.tanggal and e.tingkat = c.tingkat
     and e.berlaku_mulai = c.berlaku_mulai and e._batch_id is not distinct from c._batch_id
),

holidays as (
    select d.unit_kode, d.tanggal, string_agg(distinct h.keterangan, '; ') as keterangan
    from days d
    join (
        select tanggal, null::text as instansi_kode, nama as keterangan from libur_nasional
        union all
        select tanggal, instansi_kode, coalesce(keterangan, jenis) from hari_libur where jenis <> 'MASUK'
    ) h on h.tanggal = d.tanggal and (h.instansi_kode is null or h.instansi_kode = d.instansi_kode)
    group by d.unit_kode, d.tanggal
),

masuk as (
    select distinct d.unit_kode, d.tanggal
    from days d
    join hari_libur m
      on m.jenis = 'MASUK' and m.tanggal = d.tanggal
     and (m.instansi_kode is null or m.instansi_kode = d.instansi_kode)
),

calendar as (
    select
        d.instansi_kode,
        d.unit_kode,
        d.tanggal,
        d.zona_iana,
        d.hari,
        case when cs.unit_kode is not null then s.jam_masuk else dj.jam_masuk end as jam_masuk_jadwal,
        case when cs.unit_kode is not null then s.jam_pulang else dj.jam_pulang end as jam_pulang_jadwal,
        case when cs.unit_kode is not null then coalesce(s.keterangan, 'jadwal_kerja')
             else dj.dasar_hukum end as sumber_jadwal,
        h.keterangan as keterangan_libur,
        m.unit_kode is not null as hari_masuk_pengganti
    from days d
    left join chosen_set cs on cs.unit_kode = d.unit_kode and cs.tanggal = d.tanggal
    left join schedule s on s.unit_kode = d.unit_kode and s.tanggal = d.tanggal and s.hari = d.hari
    left join jadwal_default dj on cs.unit_kode is null and dj.hari = d.hari
    left join holidays h on h.unit_kode = d.unit_kode and h.tanggal = d.tanggal
    left join masuk m on m.unit_kode = d.unit_kode and m.tanggal = d.tanggal
),

final as (
    select
        *,
        jam_masuk_jadwal is not null
            and (keterangan_libur is null or hari_masuk_pengganti) as hari_kerja
    from calendar
)

select * from final
