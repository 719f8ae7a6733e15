-- Tickets still open at a month's end: per completed month, the latest version of each ticket up to
-- the instant the next month starts (local to the unit), when that version is open (scoring.md §4).
with versions as (select * from {{ ref('stg_tiket_layanan') }}),

tiket as (select tiket_id, sla_nilai, sla_satuan from {{ ref('int_tiket_terkini') }}),

span as (select * from {{ ref('int_rentang_tanggal') }}),

months as (
    select m::date as periode
    from span, generate_series(date_trunc('month', span.tanggal_mulai), date_trunc('month', span.tanggal_sampai),
                               interval '1 month') m
    -- only months the data covers to their last day
    where (m + interval '1 month - 1 day')::date <= span.tanggal_sampai
),

as_of_month_end as (
    select distinct on (v.tiket_id, m.periode)
        v.*, m.periode, ((m.periode + interval '1 month')::timestamp at time zone v.zona_iana) as akhir_bulan
    from versions v
    cross join months m
    where v.diperbarui_pada < ((m.periode + interval '1 month')::timestamp at time zone v.zona_iana)
    order by v.tiket_id, m.periode, v.diperbarui_pada desc, v._batch_id desc, v._line desc
),

still_open as (
    select a.tiket_id, a.periode, a.unit_kode, a.petugas_nip, a.zona_iana, a.dibuat_pada, a.akhir_bulan,
           t.sla_nilai, t.sla_satuan
    from as_of_month_end a
    join tiket t using (tiket_id)
    where a.status not in ('SELESAI', 'DITUTUP', 'DITOLAK')
)

select * from still_open
