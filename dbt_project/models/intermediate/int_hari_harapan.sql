-- Expected employee-days: a hari kerja of the employee's unit as of that day, roster status AKTIF.
-- Incremental by date: only the rebuild window of kinerja/build/bangun_ulang.py is recomputed.
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ hapus_jendela() }}") }}
-- the rebuild window's state, read by the pre-hook and the window filter:
-- depends_on: {{ source('ingest', 'bangun_ulang') }}
with pegawai as (select * from {{ ref('int_pegawai_versi') }}),

kalender as (select * from {{ ref('int_kalender_unit') }}),

kebijakan as (select * from {{ ref('int_kebijakan_harian') }}),

expected as (
    select
        k.instansi_kode,
        p.unit_kode,
        p.nip,
        k.tanggal,
        k.zona_iana,
        k.tanggal + k.jam_masuk_jadwal as jadwal_masuk,
        k.tanggal + k.jam_pulang_jadwal as jadwal_pulang,
        kb.versi_kebijakan,
        kb.toleransi_menit,
        kb.batas_kategori_1,
        kb.batas_kategori_2,
        kb.batas_kategori_3
    from pegawai p
    join kalender k
      on k.unit_kode = p.unit_kode
     and k.tanggal >= p.berlaku_mulai
     and (p.berlaku_sampai is null or k.tanggal <= p.berlaku_sampai)
    join kebijakan kb on kb.instansi_kode = k.instansi_kode and kb.tanggal = k.tanggal
    where p.status = 'AKTIF' and k.hari_kerja and {{ jendela_bangun_ulang('k.tanggal') }}
)

select * from expected
