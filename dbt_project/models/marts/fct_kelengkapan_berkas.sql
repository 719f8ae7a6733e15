-- Every landed file with what became of its rows: the completeness view BI shows next to the
-- scores (a missing or rejected export reads as absences in the marts).
with ledger as (select * from {{ source('ingest', 'ledger') }}),

final as (
    select
        batch_id,
        source as sumber,
        regexp_replace(path, '^.*/', '') as berkas,
        path,
        sha256,
        status,
        rows_read as baris_dibaca,
        rows_loaded as baris_dimuat,
        rows_quarantined as baris_karantina,
        round(100.0 * rows_quarantined / nullif(rows_read, 0), 2) as persen_karantina,
        reason as alasan,
        loaded_at as dimuat_pada,
        -- the load's month in WIB, where the ledger is kept: a late file shows in the month it came
        date_trunc('month', loaded_at at time zone 'Asia/Jakarta')::date as bulan_dimuat
    from ledger
    -- a PENDING batch is being loaded or was cut off; the next run settles it
    where status <> 'PENDING'
)

select * from final
