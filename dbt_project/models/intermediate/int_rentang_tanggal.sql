-- The span of local dates the calendar covers: from the earliest roster, tap or ticket date to
-- var('tanggal_sampai') (or env KINERJA_TANGGAL_SAMPAI, set by `kinerja run --month` for Airflow)
-- or, unset, the latest tap or ticket date (never into days not yet reported).
{%- set sampai = var('tanggal_sampai') or env_var('KINERJA_TANGGAL_SAMPAI', '') %}
with taps as (select min(waktu_lokal::date) as mulai, max(waktu_lokal::date) as sampai from {{ ref('stg_kehadiran') }}),

tickets as (
    select min((dibuat_pada at time zone coalesce(zona_iana, 'Asia/Jakarta'))::date) as mulai,
           max((coalesce(diselesaikan_pada, dibuat_pada) at time zone coalesce(zona_iana, 'Asia/Jakarta'))::date) as sampai
    from {{ ref('stg_tiket_layanan') }}
),

roster as (select min(tanggal_data) as mulai from {{ ref('stg_pegawai') }}),

bounds as (
    select
        least(roster.mulai, taps.mulai, tickets.mulai) as tanggal_mulai,
        {% if sampai %}
        date '{{ sampai }}'
        {% else %}
        greatest(taps.sampai, tickets.sampai, roster.mulai)
        {% endif %} as tanggal_sampai
    from taps, tickets, roster
)

select * from bounds
