-- Lineage of attendance: every expected employee-day with the schedule and policy it was judged
-- by, and each tap behind it down to the landing file (path, SHA-256) and line. A view: it adds
-- no storage and is always as current as the tables under it. `kinerja explain` reads it.
{{ config(materialized='view') }}

with hari as (select * from {{ ref('fct_kehadiran_harian') }}),

harapan as (select * from {{ ref('int_hari_harapan') }}),

taps as (select * from {{ ref('int_kehadiran_tap') }}),

berkas as (select * from {{ source('ingest', 'ledger') }}),

jejak as (
    select
        h.instansi_kode,
        h.unit_kode,
        h.nip,
        h.tanggal,
        h.status_kehadiran,
        h.jenis_cuti,
        h.nomor_cuti,
        h.jam_masuk,
        h.jam_pulang,
        h.menit_terlambat,
        h.menit_pulang_cepat,
        h.kategori_tl,
        h.kategori_psw,
        r.jadwal_masuk,
        r.jadwal_pulang,
        r.toleransi_menit,
        r.zona_iana,
        h.versi_kebijakan,
        t.waktu as waktu_tap,
        t.mesin_id,
        t.metode,
        b.source as sumber,
        b.path as berkas,
        b.sha256 as berkas_sha256,
        t.baris as berkas_baris
    from hari h
    left join harapan r on r.nip = h.nip and r.tanggal = h.tanggal
    left join taps t on t.nip = h.nip and t.tanggal = h.tanggal
    left join berkas b on b.batch_id = t.batch_id
)

select * from jejak
