-- Unit month (scoring.md §9): how many employees got each predikat, attendance and service of the
-- unit, its IKM, and warnings where the predikat distribution departs from the pattern for the
-- organisation's own predikat (SE MenPANRB 3/2023): a consideration for the assessor, not a rule.
-- Incremental by month: only the months from `bulan_sejak` on are rebuilt.
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ hapus_bulan() }}") }}
-- the rebuild window's state, read by the pre-hook and the window filter:
-- depends_on: {{ source('ingest', 'bangun_ulang') }}
with pegawai_bulanan as (select * from {{ ref('fct_kinerja_pegawai_bulanan') }} where {{ jendela_bulan() }}),

kehadiran as (select * from {{ ref('fct_kehadiran_harian') }} where {{ jendela_bulan('tanggal') }}),

tiket as (select * from {{ ref('fct_tiket_layanan') }}),

units as (select unit_kode, instansi_kode, zona_iana from {{ ref('int_unit_kerja') }}),

ikm as (select * from {{ ref('fct_ikm_unit') }} where jenis_periode = 'BULAN' and {{ jendela_bulan('periode_mulai') }}),

predikat_organisasi as (select * from {{ ref('predikat_organisasi') }}),

pola as (select * from {{ ref('pola_distribusi_predikat') }}),

-- employees counted in the unit of their month row (the unit at the month's last expected day)
distribusi as (
    select
        instansi_kode, unit_kode, periode,
        count(*)::integer as jumlah_pegawai,
        count(*) filter (where predikat_kinerja = 'Sangat Baik')::integer as jumlah_sangat_baik,
        count(*) filter (where predikat_kinerja = 'Baik')::integer as jumlah_baik,
        count(*) filter (where predikat_kinerja = 'Butuh Perbaikan')::integer as jumlah_butuh_perbaikan,
        count(*) filter (where predikat_kinerja = 'Kurang/Misconduct')::integer as jumlah_kurang,
        count(*) filter (where predikat_kinerja = 'Sangat Kurang')::integer as jumlah_sangat_kurang,
        count(*) filter (where predikat_kinerja is null)::integer as jumlah_tanpa_predikat
    from pegawai_bulanan
    group by 1, 2, 3
),

-- each day counts for the unit the employee worked in that day (a transfer splits the month)
hadir as (
    select
        unit_kode, date_trunc('month', tanggal)::date as periode,
        count(*) as hari_kerja,
        count(*) filter (where status_kehadiran in ('HADIR', 'DINAS_LUAR')) as hari_masuk
    from kehadiran
    group by 1, 2
),

-- tickets of the unit resolved in the month, local to the unit
layanan as (
    select
        t.unit_kode, date_trunc('month', t.diselesaikan_pada at time zone u.zona_iana)::date as periode,
        count(*) as tiket_selesai,
        count(*) filter (where t.tepat_waktu) as tiket_tepat_waktu
    from tiket t
    join units u using (unit_kode)
    where t.status in ('SELESAI', 'DITUTUP') and t.diselesaikan_pada is not null
      and {{ jendela_bulan("date_trunc('month', t.diselesaikan_pada at time zone u.zona_iana)::date") }}
    group by 1, 2
),

unit_bulan as (
    select
        coalesce(d.instansi_kode, u.instansi_kode) as instansi_kode,
        coalesce(d.unit_kode, h.unit_kode) as unit_kode,
        coalesce(d.periode, h.periode) as periode,
        coalesce(d.jumlah_pegawai, 0) as jumlah_pegawai,
        coalesce(d.jumlah_sangat_baik, 0) as jumlah_sangat_baik,
        coalesce(d.jumlah_baik, 0) as jumlah_baik,
        coalesce(d.jumlah_butuh_perbaikan, 0) as jumlah_butuh_perbaikan,
        coalesce(d.jumlah_kurang, 0) as jumlah_kurang,
        coalesce(d.jumlah_sangat_kurang, 0) as jumlah_sangat_kurang,
        coalesce(d.jumlah_tanpa_predikat, 0) as jumlah_tanpa_predikat,
        h.hari_kerja, h.hari_masuk
    from distribusi d
    full join hadir h on h.unit_kode = d.unit_kode and h.periode = d.periode
    left join units u on u.unit_kode = h.unit_kode
),

-- the organisation predikat of the year: the unit's own, else its instansi's
organisasi as (
    select
        ub.unit_kode, ub.periode,
        coalesce(
            (select p.predikat_organisasi from predikat_organisasi p
              where p.unit_kode = ub.unit_kode and p.tahun = extract(year from ub.periode)),
            (select p.predikat_organisasi from predikat_organisasi p
              where p.instansi_kode = ub.instansi_kode and nullif(p.unit_kode, '') is null
                and p.tahun = extract(year from ub.periode))
        ) as predikat_organisasi
    from unit_bulan ub
),

-- one line per pattern bound the unit's distribution breaks, on employees with a predikat
peringatan as (
    select
        ub.unit_kode, ub.periode,
        string_agg(
            'Predikat organisasi ' || o.predikat_organisasi || ': ' || p.keterangan || ', sedangkan '
            || case when p.minimal_satu then 'tidak ada'
                    else {{ angka_id('round(100.0 * g.jumlah / g.dengan_predikat, 1)') }} || '%' end
            || ' (' || p.dasar_hukum || ')',
            '; ' order by p.kelompok_predikat) as peringatan_distribusi
    from unit_bulan ub
    join organisasi o using (unit_kode, periode)
    join pola p on p.predikat_organisasi = o.predikat_organisasi
    cross join lateral (
        select
            ub.jumlah_pegawai - ub.jumlah_tanpa_predikat as dengan_predikat,
            (select sum(case k when 'Sangat Baik' then ub.jumlah_sangat_baik when 'Baik' then ub.jumlah_baik
                             when 'Butuh Perbaikan' then ub.jumlah_butuh_perbaikan
                             when 'Kurang/Misconduct' then ub.jumlah_kurang
                             when 'Sangat Kurang' then ub.jumlah_sangat_kurang end)
               from unnest(string_to_array(p.kelompok_predikat, '|')) k) as jumlah
    ) g
    where g.dengan_predikat > 0
      and ((p.minimal_satu and g.jumlah = 0)
        or 100.0 * g.jumlah / g.dengan_predikat < p.persen_min
        or 100.0 * g.jumlah / g.dengan_predikat > p.persen_maks)
    group by 1, 2
),

final as (
    select
        ub.instansi_kode, ub.unit_kode, ub.periode,
        ub.jumlah_pegawai, ub.jumlah_sangat_baik, ub.jumlah_baik, ub.jumlah_butuh_perbaikan,
        ub.jumlah_kurang, ub.jumlah_sangat_kurang, ub.jumlah_tanpa_predikat,
        case when ub.hari_kerja > 0 then round(100.0 * ub.hari_masuk / ub.hari_kerja, 2) end as persen_kehadiran,
        case when l.tiket_selesai > 0 then round(100.0 * l.tiket_tepat_waktu / l.tiket_selesai, 2) end
            as persen_tepat_waktu,
        i.ikm, i.mutu_pelayanan,
        o.predikat_organisasi,
        pr.peringatan_distribusi
    from unit_bulan ub
    left join layanan l on l.unit_kode = ub.unit_kode and l.periode = ub.periode
    left join ikm i on i.unit_kode = ub.unit_kode and i.periode_mulai = ub.periode
    left join organisasi o on o.unit_kode = ub.unit_kode and o.periode = ub.periode
    left join peringatan pr on pr.unit_kode = ub.unit_kode and pr.periode = ub.periode
)

select * from final
