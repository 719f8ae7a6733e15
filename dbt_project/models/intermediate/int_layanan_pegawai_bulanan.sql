-- Tickets resolved per officer and month over all their units: the base of the automatic SLA_LAYANAN
-- indicator (§7) and of persen_tepat_waktu in the predikat table (§8).
with layanan as (select * from {{ ref('fct_layanan_bulanan') }}),

summed as (
    select nip, periode, sum(tiket_selesai) as tiket_selesai, sum(tiket_tepat_waktu) as tiket_tepat_waktu
    from layanan
    group by 1, 2
)

select * from summed
