-- The silence warnings of the nightly check (kinerja/run/senyap.py) with the unit they concern,
-- so BI can filter them by instansi and unit like the scores they put in doubt.
with peringatan as (select * from {{ source('ingest', 'peringatan') }}),

taps as (select * from {{ ref('int_kehadiran_tap') }}),

hari as (select * from {{ ref('fct_kehadiran_harian') }}),

units as (select * from {{ ref('dim_unit_kerja') }}),

-- a device has no unit of its own in the exports: it belongs to the unit most of its taps came
-- from in the two weeks before the silent day
mesin_unit as (
    select
        p.peringatan_id,
        mode() within group (order by h.unit_kode) as unit_kode
    from peringatan p
    inner join taps t
        on
            t.mesin_id = p.kunci
            and t.tanggal between p.tanggal - 14 and p.tanggal - 1
    inner join hari h on h.nip = t.nip and h.tanggal = t.tanggal
    where p.jenis = 'MESIN_SENYAP'
    group by p.peringatan_id
),

located as (
    select
        p.*,
        coalesce(m.unit_kode, case when p.jenis = 'UNIT_SENYAP' then p.kunci end) as unit_kode
    from peringatan p
    left join mesin_unit m on m.peringatan_id = p.peringatan_id
),

final as (
    select
        l.peringatan_id,
        l.jenis,
        l.source as sumber,
        l.kunci,
        l.tanggal,
        date_trunc('month', l.tanggal)::date as periode,
        l.unit_kode,
        u.instansi_kode,
        l.pesan,
        l.dibuat_pada
    from located l
    left join units u on u.unit_kode = l.unit_kode
)

select * from final
