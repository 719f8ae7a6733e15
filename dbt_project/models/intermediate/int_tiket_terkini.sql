-- A ticket's current state is its latest change record; its SLA is the catalogue row of its
-- layanan_kode in force at dibuat_pada (scoring.md §4).
with versions as (select * from {{ ref('stg_tiket_layanan') }}),

layanan as (select * from {{ ref('stg_layanan') }}),

current_state as (
    select distinct on (tiket_id) *
    from versions
    order by tiket_id, diperbarui_pada desc nulls last, _batch_id desc, _line desc
),

with_sla as (
    select
        t.*,
        (t.dibuat_pada at time zone t.zona_iana) as dibuat_lokal,
        (t.diselesaikan_pada at time zone t.zona_iana) as selesai_lokal,
        l.sla_nilai,
        l.sla_satuan,
        t.status in ('SELESAI', 'DITUTUP') as selesai
    from current_state t
    left join lateral (
        select l.sla_nilai, l.sla_satuan from layanan l
        where l.layanan_kode = t.layanan_kode
          and l.berlaku_mulai <= (t.dibuat_pada at time zone t.zona_iana)::date
        order by l.berlaku_mulai desc
        limit 1
    ) l on true
)

select * from with_sla
