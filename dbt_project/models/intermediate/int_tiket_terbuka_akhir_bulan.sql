-- Tickets still open at a month's end: per completed month, the latest version of each ticket up to
-- the instant the next month starts (local to the unit), when that version is open (scoring.md §4).
with versions as (select * from {{ ref('stg_tiket_layanan') }}),

tiket as (select tiket_id, sla_nilai, sla_satuan from {{ ref('int_tiket_terkini') }}),

span as (select * from {{ ref('int_rentang_tanggal') }}),

months as (
    select b.periode, b.tanggal_akhir
    from span
    cross join generate_series(date_trunc('month', span.tanggal_mulai), date_trunc('month', span.tanggal_sampai),
                               interval '1 month') m
    cross join lateral (select m::date as periode, {{ akhir_bulan('m::date') }} as tanggal_akhir) b
    -- only months the data covers to their last day
    where b.tanggal_akhir <= span.tanggal_sampai
),

-- a month ends at the instant the next one starts, local to the unit
as_of_month_end as (
    select distinct on (v.tiket_id, m.periode)
        v.*, m.periode, e.akhir_bulan
    from versions v
    cross join months m
    cross join lateral (select (m.tanggal_akhir + 1)::timestamp at time zone v.zona_iana as akhir_bulan) e
    where v.diperbarui_pada < e.akhir_bulan
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
