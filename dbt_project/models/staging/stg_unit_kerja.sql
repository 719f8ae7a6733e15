with source as (select * from {{ loaded('unit_kerja') }} s),

typed as (
    select
        unit_kode,
        nama_unit,
        instansi_kode,
        instansi_nama,
        nullif(induk_unit_kode, '') as induk_unit_kode,
        upper(zona_waktu) as zona_waktu,
        {{ zona_ke_iana('upper(zona_waktu)') }} as zona_iana,
        upper(unit_layanan) = 'Y' as unit_layanan,
        case when populasi_layanan ~ '^\d+$' then populasi_layanan::integer end as populasi_layanan,
        kepala_nip,
        _batch_id,
        _line
    from source
)

select * from typed
