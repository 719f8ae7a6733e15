-- Predikat kinerja per employee and month (scoring.md §8): the two ratings, the kuadran, and an
-- Indonesian sentence per component saying why. The warehouse never invents a rating.
-- Incremental by month: only the months from `bulan_sejak` on are rebuilt.
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ hapus_bulan() }}") }}
-- the rebuild window's state, read by the pre-hook and the window filter:
-- depends_on: {{ source('ingest', 'bangun_ulang') }}
with disiplin as (select * from {{ ref('fct_disiplin_bulanan') }} where {{ jendela_bulan() }}),

pegawai as (select * from {{ ref('int_pegawai_versi') }}),

perilaku as (select * from {{ ref('fct_perilaku_bulanan') }} where {{ jendela_bulan() }}),

hasil as (select * from {{ ref('int_hasil_kerja_bulanan') }} where {{ jendela_bulan() }}),

layanan_pegawai as (select * from {{ ref('int_layanan_pegawai_bulanan') }} where {{ jendela_bulan() }}),

ikm as (select * from {{ ref('fct_ikm_unit') }} where jenis_periode = 'BULAN' and {{ jendela_bulan('periode_mulai') }}),

kebijakan as (select * from {{ ref('kebijakan_perilaku') }}),

kuadran as (select * from {{ ref('kuadran_kinerja') }}),

nilai as (select * from {{ ref('nilai_predikat') }}),

base as (
    select
        d.instansi_kode, d.unit_kode, d.nip, d.periode, d.hari_tk, d.potongan_tpp_persen,
        v.nama, v.jabatan,
        h.rating_hasil_kerja, h.capaian_hasil_kerja_persen, h.jumlah_indikator,
        p.rating_perilaku_360, p.skor_perilaku, coalesce(p.jumlah_penilai, 0) as jumlah_penilai,
        coalesce(p.data_cukup, false) as data_cukup_360,
        case when l.tiket_selesai > 0 then round(100.0 * l.tiket_tepat_waktu / l.tiket_selesai, 2) end as persen_tepat_waktu,
        i.ikm as ikm_unit,
        k.tk_di_bawah, k.tk_maks_sesuai, k.min_penilai_lain,
        array_to_string(array(select distinct x from unnest(array[d.versi_kebijakan, h.versi_kebijakan,
                                                                  p.versi_kebijakan, k.versi_kebijakan]) x
                              where x is not null order by 1), '+') as versi_kebijakan
    from disiplin d
    cross join lateral (select {{ akhir_bulan('d.periode') }} as akhir_bulan) b
    left join lateral (
        {{ pegawai_berlaku("pegawai", "d.nip", "b.akhir_bulan") }}
    ) v on true
    left join hasil h on h.nip = d.nip and h.periode = d.periode
    left join perilaku p on p.nip = d.nip and p.periode = d.periode
    left join layanan_pegawai l on l.nip = d.nip and l.periode = d.periode
    left join ikm i on i.unit_kode = d.unit_kode and i.periode_mulai = d.periode
    cross join lateral (
        {{ kebijakan_berlaku("kebijakan", "d.instansi_kode", "b.akhir_bulan") }}
    ) k
),

-- 360 rating, then discipline of the month: many TK days pull it down even without 360 data
perilaku_kerja as (
    select
        *,
        case
            when hari_tk >= tk_di_bawah then 'Di Bawah Ekspektasi'
            when rating_perilaku_360 is null then null
            when hari_tk >= tk_maks_sesuai and rating_perilaku_360 = 'Di Atas Ekspektasi' then 'Sesuai Ekspektasi'
            else rating_perilaku_360
        end as rating_perilaku_kerja
    from base
),

predikat as (
    select pk.*, q.predikat_kinerja, n.nilai_predikat_persen
    from perilaku_kerja pk
    left join kuadran q on q.rating_hasil_kerja = pk.rating_hasil_kerja and q.rating_perilaku_kerja = pk.rating_perilaku_kerja
    left join nilai n on n.predikat_kinerja = q.predikat_kinerja
),

explained as (
    select
        *,
        concat_ws('; ',
            case when rating_hasil_kerja is null
                 then 'Hasil kerja belum dapat dinilai: tidak ada indikator SKP bulan ini'
                 else 'Hasil kerja ' || rating_hasil_kerja || ': ' || jumlah_indikator || ' indikator, capaian rata-rata '
                      || {{ angka_id('capaian_hasil_kerja_persen') }} || '%' end,
            case when hari_tk >= tk_di_bawah
                 then 'perilaku Di Bawah Ekspektasi karena TK bulan ini ' || tk_di_bawah || ' hari atau lebih'
                 when rating_perilaku_360 is null
                 then 'perilaku belum dapat dinilai: data 360 kurang (' || jumlah_penilai
                      || ' penilai; perlu 1 atasan atau ' || min_penilai_lain || ' penilai lain)'
                 when rating_perilaku_kerja <> rating_perilaku_360
                 then 'perilaku ' || rating_perilaku_kerja || ': skor ' || {{ angka_id('skor_perilaku') }} || ' dari '
                      || jumlah_penilai || ' penilai (' || rating_perilaku_360 || ', dibatasi karena ada hari TK)'
                 else 'perilaku ' || rating_perilaku_kerja || ': skor ' || {{ angka_id('skor_perilaku') }} || ' dari '
                      || jumlah_penilai || ' penilai' end,
            hari_tk || ' hari TK') || '.' as alasan
    from predikat
),

final as (
    select
        instansi_kode, unit_kode, nip, nama, jabatan, periode,
        rating_hasil_kerja, rating_perilaku_kerja, predikat_kinerja, nilai_predikat_persen,
        capaian_hasil_kerja_persen, skor_perilaku, hari_tk, potongan_tpp_persen, persen_tepat_waktu, ikm_unit,
        rating_hasil_kerja is not null and rating_perilaku_kerja is not null as data_lengkap,
        alasan, versi_kebijakan
    from explained
)

select * from final
