-- All change records of every ticket, typed; times without offset are local to the ticket's unit.
with source as (select * from {{ loaded('tiket_layanan') }} s),

units as (
    select distinct on (unit_kode) unit_kode, zona_iana
    from {{ ref('stg_unit_kerja') }}
    order by unit_kode, _batch_id desc
),

typed as (
    select
        s.tiket_id,
        upper(s.kanal) as kanal,
        s.layanan_kode,
        s.unit_kode,
        nullif(s.petugas_nip, '') as petugas_nip,
        coalesce({{ parse_offset_timestamp('s.dibuat_pada') }},
                 {{ parse_local_timestamp('s.dibuat_pada') }} at time zone u.zona_iana) as dibuat_pada,
        coalesce({{ parse_offset_timestamp('s.direspons_pada') }},
                 {{ parse_local_timestamp('s.direspons_pada') }} at time zone u.zona_iana) as direspons_pada,
        coalesce({{ parse_offset_timestamp('s.diselesaikan_pada') }},
                 {{ parse_local_timestamp('s.diselesaikan_pada') }} at time zone u.zona_iana) as diselesaikan_pada,
        upper(s.status) as status,
        coalesce(case when s.jumlah_dibuka_kembali ~ '^\d+$' then s.jumlah_dibuka_kembali::integer end, 0)
            as jumlah_dibuka_kembali,
        coalesce({{ parse_offset_timestamp('s.diperbarui_pada') }},
                 {{ parse_local_timestamp('s.diperbarui_pada') }} at time zone u.zona_iana) as diperbarui_pada,
        u.zona_iana,
        s._batch_id,
        s._line
    from source s
    left join units u on u.unit_kode = s.unit_kode
)

select * from typed
