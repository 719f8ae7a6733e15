-- The attendance policy row in force per instansi and date: the instansi's own latest row, else
-- the default's (empty instansi_kode).
with kebijakan as (select * from {{ ref('kebijakan_disiplin') }}),

days as (select distinct instansi_kode, tanggal from {{ ref('int_kalender_unit') }}),

ranked as (
    select distinct on (d.instansi_kode, d.tanggal)
        d.instansi_kode, d.tanggal, k.versi_kebijakan, k.toleransi_menit,
        k.batas_kategori_1, k.batas_kategori_2, k.batas_kategori_3
    from days d
    join kebijakan k
      on (k.instansi_kode = d.instansi_kode or k.instansi_kode is null)
     and k.berlaku_mulai <= d.tanggal
    order by d.instansi_kode, d.tanggal, (k.instansi_kode is null), k.berlaku_mulai desc
)

select
    instansi_kode, tanggal, versi_kebijakan, toleransi_menit, batas_kategori_1, batas_kategori_2, batas_kategori_3
from ranked
