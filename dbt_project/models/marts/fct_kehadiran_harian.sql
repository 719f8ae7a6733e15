-- Incremental by date (partition-replace of the rebuild window, see macros/bangun_ulang.sql).
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ hapus_jendela() }}") }}
-- the rebuild window's state, read by the pre-hook and the window filter:
-- depends_on: {{ source('ingest', 'bangun_ulang') }}
with harian as (select * from {{ ref('int_kehadiran_harian') }} where {{ jendela_bangun_ulang() }}),

final as (
    select
        instansi_kode,
        unit_kode,
        nip,
        tanggal,
        status_kehadiran,
        jenis_cuti,
        jam_masuk,
        jam_pulang,
        menit_terlambat,
        menit_pulang_cepat,
        kategori_tl,
        kategori_psw,
        nomor_cuti,
        versi_kebijakan
    from harian
)

select * from final
