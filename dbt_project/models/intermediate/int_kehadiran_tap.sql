-- Taps on the employee's local date; the same employee and second counted once. Times without an
-- offset are local to the employee's unit as of that date. Incremental by local date.
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='append_new_columns',
          pre_hook="{{ hapus_jendela() }}") }}
-- the rebuild window's state, read by the pre-hook and the window filter:
-- depends_on: {{ source('ingest', 'bangun_ulang') }}
with taps as (select * from {{ ref('stg_kehadiran') }}),

pegawai as (select * from {{ ref('int_pegawai_versi') }}),

units as (select unit_kode, zona_iana from {{ ref('int_unit_kerja') }}),

located as (
    select
        t.nip,
        t.waktu_lokal,
        t.waktu_offset,
        u.zona_iana,
        t.mesin_id,
        t.metode,
        t._batch_id,
        t._line
    from taps t
    -- the roster version whose unit's local date of the tap falls in its validity: a time with an
    -- offset is read in each candidate unit's zone, never in the server's session zone
    left join (pegawai p join units u on u.unit_kode = p.unit_kode)  -- noqa: ST11
      on p.nip = t.nip
     and coalesce((t.waktu_offset at time zone u.zona_iana)::date, t.waktu_lokal::date) >= p.berlaku_mulai
     and (p.berlaku_sampai is null
          or coalesce((t.waktu_offset at time zone u.zona_iana)::date, t.waktu_lokal::date) <= p.berlaku_sampai)
    where (t.waktu_lokal is not null or t.waktu_offset is not null)
      {% if is_incremental() -%}
      -- a day of slack for the time zone; the exact local date is filtered below
      and coalesce(t.waktu_lokal::date, (t.waktu_offset at time zone 'UTC')::date) >= {{ bangun_ulang_sejak() }} - 1
      {%- endif %}
),

resolved as (
    select
        nip,
        coalesce(waktu_offset, waktu_lokal at time zone zona_iana) as waktu,
        coalesce(waktu_offset at time zone zona_iana, waktu_lokal) as waktu_lokal,
        zona_iana,
        mesin_id,
        metode,
        _batch_id,
        _line
    from located
    where zona_iana is not null
),

deduplicated as (
    select distinct on (nip, date_trunc('second', waktu_lokal))
        nip,
        waktu_lokal::date as tanggal,
        waktu,
        date_trunc('second', waktu_lokal) as waktu_lokal,
        mesin_id,
        metode,
        -- the landing line the tap came from (the first, when a device sent the same second twice)
        _batch_id as batch_id,
        _line as baris
    from resolved
    where {{ jendela_bangun_ulang('waktu_lokal::date', ikut_rentang=false) }}
    order by nip, date_trunc('second', waktu_lokal), _batch_id, _line
)

select * from deduplicated
