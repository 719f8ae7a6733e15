-- The SLA clock (scoring.md §4), in the unit of each ticket's SLA, for two kinds of interval:
-- creation to resolution (periode null) and creation to a month's end for tickets still open then.
with tiket as (select * from {{ ref('int_tiket_terkini') }}),

terbuka as (select * from {{ ref('int_tiket_terbuka_akhir_bulan') }}),

kalender as (select * from {{ ref('int_kalender_unit') }}),

intervals as (
    select tiket_id, null::date as periode, unit_kode, zona_iana, sla_satuan, dibuat_pada as mulai,
           diselesaikan_pada as akhir
    from tiket
    where selesai and diselesaikan_pada is not null
    union all
    select tiket_id, periode, unit_kode, zona_iana, sla_satuan, dibuat_pada, akhir_bulan
    from terbuka
),

local_times as (
    select *, mulai at time zone zona_iana as mulai_lokal, akhir at time zone zona_iana as akhir_lokal
    from intervals
),

hari_kerja as (
    -- hari kerja strictly after the creation date up to and including the end date (same day = 0);
    -- a month-end instant is midnight, so its own date is not counted
    select i.tiket_id, i.periode, count(k.tanggal) as jumlah
    from local_times i
    left join kalender k
      on k.unit_kode = i.unit_kode and k.hari_kerja
     and k.tanggal > i.mulai_lokal::date
     and k.tanggal <= case when i.periode is null then i.akhir_lokal::date else i.akhir_lokal::date - 1 end
    where i.sla_satuan = 'HARI_KERJA'
    group by i.tiket_id, i.periode
),

jam_kerja as (
    -- minutes inside the scheduled window of each hari kerja (breaks not deducted)
    select
        i.tiket_id, i.periode,
        coalesce(sum(greatest(0, extract(epoch from
            least(i.akhir_lokal, k.tanggal + k.jam_pulang_jadwal)
            - greatest(i.mulai_lokal, k.tanggal + k.jam_masuk_jadwal)))), 0) / 3600.0 as jumlah
    from local_times i
    left join kalender k
      on k.unit_kode = i.unit_kode and k.hari_kerja
     and k.tanggal between i.mulai_lokal::date and i.akhir_lokal::date
    where i.sla_satuan = 'JAM_KERJA'
    group by i.tiket_id, i.periode
),

durasi as (
    select
        i.tiket_id,
        i.periode,
        case i.sla_satuan
            when 'HARI_KERJA' then hk.jumlah::numeric
            when 'JAM_KERJA' then jk.jumlah::numeric
            when 'JAM' then extract(epoch from i.akhir - i.mulai)::numeric / 3600
            when 'MENIT' then extract(epoch from i.akhir - i.mulai)::numeric / 60
        end as durasi_sla_satuan
    from local_times i
    left join hari_kerja hk on hk.tiket_id = i.tiket_id and hk.periode is not distinct from i.periode
    left join jam_kerja jk on jk.tiket_id = i.tiket_id and jk.periode is not distinct from i.periode
)

select * from durasi
