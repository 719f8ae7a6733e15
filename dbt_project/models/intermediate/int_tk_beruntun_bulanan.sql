-- Consecutive TK workdays per employee and month (PP 94/2021: a run of TK workdays, across month
-- and year ends), carried forward: a rebuilt month continues the run still open at the end of the
-- last month built before the window, so a nightly build reads the window's days and one state
-- row per employee instead of every day since the first load.
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ hapus_bulan() }}") }}
-- the rebuild window's state, read by the pre-hook and the window filter:
-- depends_on: {{ source('ingest', 'bangun_ulang') }}
with harian as (
    select nip, tanggal, status_kehadiran = 'TK' as tk
    from {{ ref('fct_kehadiran_harian') }}
    where {{ jendela_bulan('tanggal') }}
),

-- the run open at the window's start: the latest month built before it, at most a year back
bawaan as (
    {%- if is_incremental() %}
    select distinct on (nip) nip, tk_beruntun_akhir as panjang
    from {{ this }}
    where periode < {{ bulan_sejak() }} and periode >= {{ bulan_sejak() }} - interval '12 months'
    order by nip, periode desc
    {%- else %}
    select null::text as nip, 0 as panjang where false
    {%- endif %}
),

-- runs of equal status per employee in workday order: grp = 0 for a TK run open since the window's first day
urut as (
    select
        nip, tanggal, tk,
        row_number() over (partition by nip order by tanggal)
        - row_number() over (partition by nip, tk order by tanggal) as grp
    from harian
),

-- for each TK day: consecutive TK workdays ending on it (0 on other days)
panjang as (
    select
        u.nip,
        u.tanggal,
        case when u.tk then
            row_number() over (partition by u.nip, u.tk, u.grp order by u.tanggal)
            + case when u.grp = 0 then coalesce(b.panjang, 0) else 0 end
        else 0 end as panjang
    from urut u
    left join bawaan b on b.nip = u.nip
),

final as (
    select
        nip,
        date_trunc('month', tanggal)::date as periode,
        max(panjang)::integer as tk_beruntun_maks,
        (array_agg(panjang order by tanggal desc))[1]::integer as tk_beruntun_akhir
    from panjang
    group by 1, 2
)

select * from final
