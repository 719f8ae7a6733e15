-- Daily attendance classification (scoring.md §2): leave first, then taps. Incremental by date.
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ hapus_jendela() }}") }}
-- the rebuild window's state, read by the pre-hook and the window filter:
-- depends_on: {{ source('ingest', 'bangun_ulang') }}
with hari as (select * from {{ ref('int_hari_harapan') }} where {{ jendela_bangun_ulang() }}),

cuti as (select * from {{ ref('int_cuti_harian') }}),

taps as (select * from {{ ref('int_kehadiran_tap') }}),

with_midpoint as (
    select *, jadwal_masuk + (jadwal_pulang - jadwal_masuk) / 2 as titik_tengah
    from hari
),

first_last as (
    select
        h.nip,
        h.tanggal,
        min(t.waktu) filter (where t.waktu_lokal < h.titik_tengah) as jam_masuk,
        max(t.waktu) filter (where t.waktu_lokal >= h.titik_tengah) as jam_pulang,
        min(t.waktu_lokal) filter (where t.waktu_lokal < h.titik_tengah) as masuk_lokal,
        max(t.waktu_lokal) filter (where t.waktu_lokal >= h.titik_tengah) as pulang_lokal,
        count(t.waktu) as jumlah_tap
    from with_midpoint h
    join taps t on t.nip = h.nip and t.tanggal = h.tanggal
    group by h.nip, h.tanggal
),

classified as (
    select
        h.instansi_kode,
        h.unit_kode,
        h.nip,
        h.tanggal,
        h.jadwal_masuk,
        h.jadwal_pulang,
        h.versi_kebijakan,
        h.toleransi_menit,
        h.batas_kategori_1,
        h.batas_kategori_2,
        h.batas_kategori_3,
        case
            when c.status_kehadiran is not null then c.status_kehadiran
            when coalesce(f.jumlah_tap, 0) = 0 then 'TK'
            else 'HADIR'
        end as status_kehadiran,
        case when c.status_kehadiran = 'CUTI' then c.jenis end as jenis_cuti,
        c.nomor as nomor_cuti,
        f.jam_masuk,
        f.jam_pulang,
        f.masuk_lokal,
        f.pulang_lokal
    from with_midpoint h
    left join cuti c on c.nip = h.nip and c.tanggal = h.tanggal
    left join first_last f on f.nip = h.nip and f.tanggal = h.tanggal
),

minutes as (
    select
        *,
        case when status_kehadiran = 'HADIR' and masuk_lokal is not null then
            greatest(0, ceil((extract(epoch from masuk_lokal - jadwal_masuk) - toleransi_menit * 60) / 60.0))::integer
        end as menit_terlambat,
        case when status_kehadiran = 'HADIR' and pulang_lokal is not null then
            greatest(0, ceil((extract(epoch from jadwal_pulang - pulang_lokal) - toleransi_menit * 60) / 60.0))::integer
        end as menit_pulang_cepat
    from classified
),

categorised as (
    select
        instansi_kode,
        unit_kode,
        nip,
        tanggal,
        status_kehadiran,
        jenis_cuti,
        nomor_cuti,
        case when status_kehadiran = 'HADIR' then jam_masuk end as jam_masuk,
        case when status_kehadiran = 'HADIR' then jam_pulang end as jam_pulang,
        menit_terlambat,
        menit_pulang_cepat,
        {{ kategori_menit('menit_terlambat', 'TL', 'status_kehadiran', 'batas_kategori_1', 'batas_kategori_2', 'batas_kategori_3') }}
            as kategori_tl,
        {{ kategori_menit('menit_pulang_cepat', 'PSW', 'status_kehadiran', 'batas_kategori_1', 'batas_kategori_2', 'batas_kategori_3') }}
            as kategori_psw,
        versi_kebijakan
    from minutes
)

select * from categorised
