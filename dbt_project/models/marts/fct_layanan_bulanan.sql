-- Service per officer and month (scoring.md §4): tickets resolved in the month (local to the unit)
-- and tickets still open past their SLA at the month's end.
with tiket as (select * from {{ ref('fct_tiket_layanan') }}),

units as (select unit_kode, instansi_kode, zona_iana from {{ ref('int_unit_kerja') }}),

terbuka as (select * from {{ ref('int_tiket_terbuka_akhir_bulan') }}),

durasi as (select * from {{ ref('int_tiket_durasi') }} where periode is not null),

resolved as (
    select
        t.petugas_nip as nip, t.unit_kode, u.instansi_kode,
        date_trunc('month', t.diselesaikan_pada at time zone u.zona_iana)::date as periode,
        count(*) as tiket_selesai,
        count(*) filter (where t.tepat_waktu) as tiket_tepat_waktu,
        sum(t.jumlah_dibuka_kembali) as tiket_dibuka_kembali,
        percentile_cont(0.5) within group (order by t.jam_penyelesaian) as median_jam
    from tiket t
    join units u using (unit_kode)
    where t.status in ('SELESAI', 'DITUTUP') and t.petugas_nip is not null and t.diselesaikan_pada is not null
    group by 1, 2, 3, 4
),

open_past_sla as (
    select o.petugas_nip as nip, o.unit_kode, u.instansi_kode, o.periode, count(*) as tiket_terbuka_lewat_sla
    from terbuka o
    join durasi d on d.tiket_id = o.tiket_id and d.periode = o.periode
    join units u using (unit_kode)
    where o.petugas_nip is not null and d.durasi_sla_satuan > o.sla_nilai
    group by 1, 2, 3, 4
),

combined as (
    select
        coalesce(r.instansi_kode, o.instansi_kode) as instansi_kode,
        coalesce(r.unit_kode, o.unit_kode) as unit_kode,
        coalesce(r.nip, o.nip) as nip,
        coalesce(r.periode, o.periode) as periode,
        coalesce(r.tiket_selesai, 0)::integer as tiket_selesai,
        coalesce(r.tiket_tepat_waktu, 0)::integer as tiket_tepat_waktu,
        case when coalesce(r.tiket_selesai, 0) > 0
             then round(100.0 * r.tiket_tepat_waktu / r.tiket_selesai, 2) end as persen_tepat_waktu,
        coalesce(o.tiket_terbuka_lewat_sla, 0)::integer as tiket_terbuka_lewat_sla,
        coalesce(r.tiket_dibuka_kembali, 0)::integer as tiket_dibuka_kembali,
        round(r.median_jam::numeric, 2) as median_jam_penyelesaian
    from resolved r
    full join open_past_sla o on o.nip = r.nip and o.unit_kode = r.unit_kode and o.periode = r.periode
)

select * from combined
