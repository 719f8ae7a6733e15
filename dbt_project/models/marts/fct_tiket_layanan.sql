with tiket as (select * from {{ ref('int_tiket_terkini') }}),

durasi as (select * from {{ ref('int_tiket_durasi') }} where periode is null),

final as (
    select
        t.tiket_id,
        t.kanal,
        t.layanan_kode,
        t.unit_kode,
        t.petugas_nip,
        t.dibuat_pada,
        t.diselesaikan_pada,
        t.status,
        t.sla_nilai,
        t.sla_satuan,
        round(d.durasi_sla_satuan, 2) as durasi_sla_satuan,
        case when t.selesai and d.durasi_sla_satuan is not null
             then d.durasi_sla_satuan <= t.sla_nilai end as tepat_waktu,
        t.jumlah_dibuka_kembali,
        case when t.selesai
             then round(extract(epoch from t.diselesaikan_pada - t.dibuat_pada)::numeric / 3600, 2)
        end as jam_penyelesaian
    from tiket t
    left join durasi d using (tiket_id)
)

select * from final
