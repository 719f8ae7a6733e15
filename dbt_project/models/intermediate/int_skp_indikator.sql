-- One row per employee, month and indicator: SKP realisation plus the automatic SLA_LAYANAN
-- indicator of officers with enough resolved tickets, each with its capped capaian and rating (§7).
with skp as (select * from {{ ref('stg_skp') }}),

layanan_pegawai as (select * from {{ ref('int_layanan_pegawai_bulanan') }}),

pegawai as (select * from {{ ref('int_pegawai_versi') }}),

kebijakan as (select * from {{ ref('kebijakan_hasil_kerja') }}),

indikator as (
    select nip, periode, indikator_kode, indikator, jenis, target, realisasi, arah, false as otomatis
    from skp
    union all
    select nip, periode, 'SLA_LAYANAN', 'Penyelesaian tiket layanan tepat waktu (otomatis)', 'UTAMA',
           null, 100.0 * tiket_tepat_waktu / tiket_selesai, 'NAIK', true
    from layanan_pegawai
    where tiket_selesai > 0
),

with_policy as (
    select i.*, k.versi_kebijakan, k.batas_capaian, k.batas_atas, k.batas_sesuai, k.min_tiket, k.target_tepat_waktu,
           l.tiket_selesai
    from indikator i
    cross join lateral (select {{ akhir_bulan('i.periode') }} as akhir_bulan) b
    left join lateral (
        {{ pegawai_berlaku("pegawai", "i.nip", "b.akhir_bulan") }}
    ) p on true
    cross join lateral (
        {{ kebijakan_berlaku("kebijakan", "p.instansi_kode", "b.akhir_bulan") }}
    ) k
    left join layanan_pegawai l on l.nip = i.nip and l.periode = i.periode and i.otomatis
),

capaian as (
    select
        *,
        least(batas_capaian, case
            -- share on time (unrounded) against the policy target
            when otomatis then realisasi * 100 / target_tepat_waktu
            when arah = 'TURUN' and realisasi = 0 then batas_capaian
            when arah = 'TURUN' then target / realisasi * 100
            when target = 0 then case when realisasi > 0 then batas_capaian else 100 end
            else realisasi / target * 100
        end) as capaian_persen
    from with_policy
    where not otomatis or tiket_selesai >= min_tiket
),

rated as (
    select
        nip, periode, indikator_kode, indikator, jenis, target, realisasi, arah, otomatis, capaian_persen,
        case when capaian_persen >= batas_atas then 'ATAS' when capaian_persen >= batas_sesuai then 'SESUAI'
             else 'BAWAH' end as rating_indikator,
        versi_kebijakan
    from capaian
)

select * from rated
