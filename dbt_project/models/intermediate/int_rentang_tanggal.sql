-- The span of local dates the calendar covers: from the earliest roster, tap or ticket date to
-- var('tanggal_sampai') or else the end the build planned (ingest.bangun_ulang.rencana_sampai:
-- the named month's end, or the latest tap's month end up to yesterday), so the span does not
-- depend on who started the build; with neither, the latest tap or ticket date.
{%- set sampai = var('tanggal_sampai') %}
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
        coalesce(rencana.rencana_sampai, greatest(taps.sampai, tickets.sampai, roster.mulai))
        {% endif %} as tanggal_sampai
    from taps, tickets, roster
    left join {{ source('ingest', 'bangun_ulang') }} rencana on true
)

select * from bounds
