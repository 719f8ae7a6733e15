-- Work results per employee and month (scoring.md §7): rating_hasil_kerja from the indicator ratings.
with indikator as (select * from {{ ref('int_skp_indikator') }}),

counted as (
    select
        nip, periode,
        count(*) as jumlah_indikator,
        count(*) filter (where rating_indikator = 'ATAS') as jumlah_atas,
        count(*) filter (where rating_indikator = 'BAWAH') as jumlah_bawah,
        count(*) filter (where rating_indikator = 'BAWAH' and jenis = 'UTAMA') as utama_bawah,
        avg(capaian_persen) as capaian_rata,
        min(versi_kebijakan) as versi_kebijakan
    from indikator
    group by 1, 2
),

rated as (
    select
        *,
        case
            when jumlah_atas * 2 > jumlah_indikator and utama_bawah = 0 then 'Di Atas Ekspektasi'
            when jumlah_bawah * 2 > jumlah_indikator then 'Di Bawah Ekspektasi'
            else 'Sesuai Ekspektasi'
        end as rating_hasil_kerja,
        round(capaian_rata, 2) as capaian_hasil_kerja_persen
    from counted
)

select * from rated
