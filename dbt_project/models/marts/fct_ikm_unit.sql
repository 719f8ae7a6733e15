-- IKM per unit and period [reg PermenPANRB 14/2017], scoring.md §5.
with responses as (select * from {{ ref('stg_survei_skm') }} where jawaban_valid and tanggal is not null),

units as (select * from {{ ref('int_unit_kerja') }}),

bands as (select * from {{ ref('ikm_mutu_pelayanan') }}),

periods as (
    select 'BULAN' as jenis_periode, 1 as jumlah_bulan, date_trunc('month', r.tanggal)::date as periode_mulai, r.*
    from responses r
    union all
    select 'TRIWULAN', 3, date_trunc('quarter', r.tanggal)::date, r.* from responses r
    union all
    select 'SEMESTER', 6, make_date(extract(year from r.tanggal)::integer,
                                    case when extract(month from r.tanggal) <= 6 then 1 else 7 end, 1), r.*
    from responses r
    union all
    select 'TAHUN', 12, date_trunc('year', r.tanggal)::date, r.* from responses r
),

nrr as (
    select
        unit_kode,
        jenis_periode,
        jumlah_bulan,
        periode_mulai,
        count(*) as jumlah_responden,
        {% for i in range(1, 10) -%}
        avg(u{{ i }}::numeric) as nrr_u{{ i }}{{ ',' if not loop.last }}
        {% endfor %}
    from periods
    group by unit_kode, jenis_periode, jumlah_bulan, periode_mulai
),

scored as (
    select
        n.*,
        -- exactly 1/9 per unsur: divide the sum, never multiply by a rounded weight
        round(({% for i in range(1, 10) %}n.nrr_u{{ i }}{{ ' + ' if not loop.last }}{% endfor %}) * 25 / 9, 2) as ikm,
        u.instansi_kode,
        ceil(u.populasi_layanan * n.jumlah_bulan / 12.0) as populasi_periode
    from nrr n
    left join units u using (unit_kode)
),

sampled as (
    select
        *,
        -- Krejcie-Morgan: chi2 = 3.841, P = 0.5, d = 0.05
        round(3.841 * populasi_periode * 0.25 / (0.0025 * (populasi_periode - 1) + 3.841 * 0.25))::integer
            as sampel_minimum
    from scored
),

final as (
    select
        s.instansi_kode,
        s.unit_kode,
        s.jenis_periode,
        s.periode_mulai,
        s.jumlah_responden::integer as jumlah_responden,
        {% for i in range(1, 10) -%}
        round(s.nrr_u{{ i }}, 4) as nrr_u{{ i }},
        {% endfor -%}
        s.ikm,
        b.mutu_pelayanan,
        b.kinerja_unit,
        s.sampel_minimum,
        case when s.sampel_minimum is not null then s.jumlah_responden >= s.sampel_minimum end as sampel_memadai
    from sampled s
    left join bands b on s.ikm between b.nilai_bawah and b.nilai_atas
)

select * from final
