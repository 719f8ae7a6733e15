with harian as (select * from {{ ref('int_kehadiran_harian') }}),

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
