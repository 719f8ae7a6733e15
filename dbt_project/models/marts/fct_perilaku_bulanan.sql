-- 360 BerAKHLAK behaviour per rated employee and month (scoring.md §6).
{%- set nilai = ['berorientasi_pelayanan', 'akuntabel', 'kompeten', 'harmonis', 'loyal', 'adaptif', 'kolaboratif'] %}
with jawaban as (select * from {{ ref('stg_survei_perilaku') }}),

pegawai as (select * from {{ ref('int_pegawai_versi') }}),

kebijakan as (select * from {{ ref('kebijakan_perilaku') }}),

rated as (
    select j.nip, j.periode, b.akhir_bulan, p.instansi_kode
    from (select distinct pegawai_nip as nip, periode from jawaban) j
    cross join lateral (select {{ akhir_bulan('j.periode') }} as akhir_bulan) b
    left join lateral (
        {{ pegawai_berlaku("pegawai", "j.nip", "b.akhir_bulan") }}
    ) p on true
),

with_policy as (
    select r.*, k.versi_kebijakan, k.bobot_atasan, k.bobot_rekan, k.bobot_bawahan, k.min_penilai_lain,
           k.batas_di_atas, k.batas_sesuai
    from rated r
    cross join lateral (
        {{ kebijakan_berlaku("kebijakan", "r.instansi_kode", "r.akhir_bulan") }}
    ) k
),

-- mean per value within each rater role; DIRI (self) is kept apart and never scored
per_role as (
    select
        pegawai_nip as nip, periode, peran_penilai, count(*) as jumlah,
        {% for v in nilai -%}
        avg({{ v }}::numeric) as {{ v }}{{ ',' if not loop.last }}
        {% endfor %}
    from jawaban
    where peran_penilai in ('ATASAN', 'REKAN', 'BAWAHAN')
    group by 1, 2, 3
),

weighted_roles as (
    select
        r.*,
        case r.peran_penilai when 'ATASAN' then p.bobot_atasan when 'REKAN' then p.bobot_rekan else p.bobot_bawahan end as bobot
    from per_role r
    join with_policy p using (nip, periode)
),

-- weights re-normalised over the roles present
combined as (
    select
        nip, periode,
        {% for v in nilai -%}
        sum({{ v }} * bobot) / nullif(sum(bobot), 0) as {{ v }},
        {% endfor -%}
        sum(jumlah) as jumlah_penilai,
        coalesce(sum(jumlah) filter (where peran_penilai = 'ATASAN'), 0) as jumlah_atasan,
        coalesce(sum(jumlah) filter (where peran_penilai <> 'ATASAN'), 0) as jumlah_lain
    from weighted_roles
    group by 1, 2
),

diri as (
    select pegawai_nip as nip, periode,
           avg(({% for v in nilai %}{{ v }}{{ ' + ' if not loop.last }}{% endfor %})::numeric / 7) as skor_diri
    from jawaban where peran_penilai = 'DIRI'
    group by 1, 2
),

scored as (
    select
        p.nip, p.periode, p.instansi_kode, p.versi_kebijakan, p.min_penilai_lain, p.batas_di_atas, p.batas_sesuai,
        {% for v in nilai -%}
        c.{{ v }},
        {% endfor -%}
        round(({% for v in nilai %}c.{{ v }}{{ ' + ' if not loop.last }}{% endfor %}) / 7, 2) as skor_perilaku,
        coalesce(c.jumlah_penilai, 0) as jumlah_penilai,
        coalesce(c.jumlah_atasan >= 1 or c.jumlah_lain >= p.min_penilai_lain, false) as data_cukup,
        d.skor_diri
    from with_policy p
    left join combined c using (nip, periode)
    left join diri d using (nip, periode)
),

final as (
    select
        nip,
        periode,
        {% for v in nilai -%}
        round({{ v }}, 2) as {{ v }},
        {% endfor -%}
        skor_perilaku,
        jumlah_penilai::integer as jumlah_penilai,
        data_cukup,
        -- on the published (rounded) score, so what a reader sees agrees with the label
        case
            when not data_cukup or skor_perilaku is null then null
            when skor_perilaku >= batas_di_atas then 'Di Atas Ekspektasi'
            when skor_perilaku >= batas_sesuai then 'Sesuai Ekspektasi'
            else 'Di Bawah Ekspektasi'
        end as rating_perilaku_360,
        round(skor_diri, 2) as skor_diri,
        versi_kebijakan
    from scored
)

select * from final
