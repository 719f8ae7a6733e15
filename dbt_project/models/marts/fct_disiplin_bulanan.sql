-- Monthly discipline per employee (scoring.md §3). Incremental by month: the months from
-- `bulan_sejak` on are rebuilt, the year-to-date sums continue the months of the year built
-- before them, and the TK runs come carried forward from int_tk_beruntun_bulanan.
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ hapus_bulan() }}") }}
-- the rebuild window's state, read by the pre-hook and the window filter:
-- depends_on: {{ source('ingest', 'bangun_ulang') }}
with harian as (select * from {{ ref('fct_kehadiran_harian') }} where {{ jendela_bulan('tanggal') }}),

beruntun as (select * from {{ ref('int_tk_beruntun_bulanan') }} where {{ jendela_bulan() }}),

-- the same year's months before the window, as built (nothing on a full build)
sebelum as (
    {%- if is_incremental() %}
    select nip, date_trunc('year', periode) as tahun, sum(hari_tk) as hari_tk,
           sum(menit_terlambat + menit_pulang_cepat) as menit
    from {{ this }}
    where periode < {{ bulan_sejak() }} and periode >= date_trunc('year', {{ bulan_sejak() }})
    group by 1, 2
    {%- else %}
    select null::text as nip, null::timestamp as tahun, 0 as hari_tk, 0 as menit where false
    {%- endif %}
),

kebijakan as (select * from {{ ref('kebijakan_disiplin') }}),

ladder as (select * from {{ ref('hukuman_disiplin_pp94') }}),

monthly as (
    select
        nip,
        date_trunc('month', tanggal)::date as periode,
        (array_agg(instansi_kode order by tanggal desc))[1] as instansi_kode,
        (array_agg(unit_kode order by tanggal desc))[1] as unit_kode,
        count(*) as hari_kerja,
        count(*) filter (where status_kehadiran = 'HADIR') as hari_hadir,
        count(*) filter (where status_kehadiran = 'TK') as hari_tk,
        count(*) filter (where status_kehadiran = 'CUTI') as hari_cuti,
        count(*) filter (where status_kehadiran = 'DINAS_LUAR') as hari_dinas_luar,
        count(*) filter (where status_kehadiran = 'IZIN') as hari_izin,
        count(*) filter (where status_kehadiran = 'TUGAS_BELAJAR') as hari_tugas_belajar,
        {% for i in range(1, 5) -%}
        count(*) filter (where kategori_tl = 'TL{{ i }}') as jumlah_tl{{ i }},
        count(*) filter (where kategori_psw = 'PSW{{ i }}') as jumlah_psw{{ i }},
        {% endfor -%}
        coalesce(sum(menit_terlambat), 0) as menit_terlambat,
        coalesce(sum(menit_pulang_cepat), 0) as menit_pulang_cepat
    from harian
    group by nip, date_trunc('month', tanggal)
),

-- the policy row in force at the month's last day: the instansi's own latest, else the default's
with_policy as (
    select m.*, k.versi_kebijakan, k.menit_per_hari, k.konversi_keterlambatan,
           k.potongan_tl1, k.potongan_tl2, k.potongan_tl3, k.potongan_tl4,
           k.potongan_psw1, k.potongan_psw2, k.potongan_psw3, k.potongan_psw4, k.potongan_tk, k.batas_potongan
    from monthly m
    cross join lateral (
        {{ kebijakan_berlaku("kebijakan", "m.instansi_kode", akhir_bulan('m.periode')) }}
    ) k
),

year_to_date as (
    select
        w.*,
        sum(w.hari_tk) over ytd + coalesce(s.hari_tk, 0) as tk_tahun,
        sum(w.menit_terlambat + w.menit_pulang_cepat) over ytd + coalesce(s.menit, 0) as menit_tahun
    from with_policy w
    left join sebelum s on s.nip = w.nip and s.tahun = date_trunc('year', w.periode)
    window ytd as (partition by w.nip, date_trunc('year', w.periode) order by w.periode)
),

scored as (
    select
        y.*,
        coalesce(l.tk_beruntun_maks, 0) as tk_beruntun_maks,
        y.tk_tahun + case when y.konversi_keterlambatan then floor(y.menit_tahun / y.menit_per_hari) else 0 end
            as hari_tk_kumulatif_tahun
    from year_to_date y
    left join beruntun l using (nip, periode)
),

final as (
    select
        s.instansi_kode,
        s.unit_kode,
        s.nip,
        s.periode,
        s.hari_kerja::integer as hari_kerja,
        s.hari_hadir::integer as hari_hadir,
        s.hari_tk::integer as hari_tk,
        s.hari_cuti::integer as hari_cuti,
        s.hari_dinas_luar::integer as hari_dinas_luar,
        s.hari_izin::integer as hari_izin,
        s.hari_tugas_belajar::integer as hari_tugas_belajar,
        {% for i in range(1, 5) -%}
        s.jumlah_tl{{ i }}::integer as jumlah_tl{{ i }},
        {% endfor -%}
        {% for i in range(1, 5) -%}
        s.jumlah_psw{{ i }}::integer as jumlah_psw{{ i }},
        {% endfor -%}
        s.menit_terlambat::integer as menit_terlambat,
        s.menit_pulang_cepat::integer as menit_pulang_cepat,
        s.hari_tk_kumulatif_tahun::integer as hari_tk_kumulatif_tahun,
        s.tk_beruntun_maks::integer as tk_beruntun_maks,
        h.tingkat_hukuman_disiplin,
        h.jenis_hukuman_disiplin,
        round(least(s.batas_potongan,
            s.hari_tk * s.potongan_tk
            {% for i in range(1, 5) -%}
            + s.jumlah_tl{{ i }} * s.potongan_tl{{ i }} + s.jumlah_psw{{ i }} * s.potongan_psw{{ i }}
            {% endfor -%}
        ), 2) as potongan_tpp_persen,
        s.versi_kebijakan
    from scored s
    -- the cumulative ladder and the consecutive-days rule are rows of one seed; the more severe applies
    left join lateral (
        select l.tingkat_hukuman_disiplin, l.jenis_hukuman_disiplin
        from ladder l
        where (l.ukuran = 'TK_KUMULATIF_TAHUN' and s.hari_tk_kumulatif_tahun between l.hari_min and l.hari_max)
           or (l.ukuran = 'TK_BERUNTUN' and s.tk_beruntun_maks between l.hari_min and l.hari_max)
        order by l.keparahan desc
        limit 1
    ) h on true
)

select * from final
