-- indexed on (nip, berlaku_mulai): the version in force is looked up per row (macro pegawai_berlaku)
{{ config(indexes=[{'columns': ['nip', 'berlaku_mulai']}]) }}
-- Roster snapshots -> SCD2 versions. A version runs until the employee's next snapshot with other
-- attributes, or until the day before the first later snapshot of the instansi that omits them.
with snapshots as (select * from {{ ref('stg_pegawai') }}),

units as (select unit_kode, instansi_kode from {{ ref('int_unit_kerja') }}),

with_instansi as (
    select s.*, coalesce(u.instansi_kode, split_part(s.unit_kode, '-', 1)) as instansi_kode
    from snapshots s
    left join units u using (unit_kode)
),

-- each snapshot of an instansi and the instansi's next one: a few rows per instansi and month,
-- joined (a per-row subquery here rescanned every snapshot row for every row: minutes at 12 months
-- of a city, hopeless at national scale)
next_snapshot_dates as (
    select
        instansi_kode, tanggal_data,
        lead(tanggal_data) over (partition by instansi_kode order by tanggal_data) as next_snapshot
    from (select distinct instansi_kode, tanggal_data from with_instansi) d
),

bounded as (
    select
        w.*,
        lead(w.tanggal_data) over (partition by w.nip order by w.tanggal_data) as next_own,
        n.next_snapshot,
        md5(concat_ws('|', w.nama, w.jenis_asn, w.unit_kode, w.jabatan, w.jenis_jabatan, w.atasan_nip,
                      w.golongan, w.status)) as attr_hash
    from with_instansi w
    left join next_snapshot_dates n
        on n.instansi_kode = w.instansi_kode and n.tanggal_data = w.tanggal_data
),

versions as (
    select
        *,
        -- the next snapshot omits them: they left (or moved instansi) then
        case when next_snapshot is not null and (next_own is null or next_own > next_snapshot)
             then next_snapshot - 1
             when next_own is not null then next_own - 1
        end as sampai
    from bounded
),

islands as (
    select
        *,
        sum(case when attr_hash = prev_hash and prev_sampai + 1 = tanggal_data then 0 else 1 end)
            over (partition by nip order by tanggal_data) as island
    from (
        select *, lag(attr_hash) over w as prev_hash, lag(sampai) over w as prev_sampai
        from versions
        window w as (partition by nip order by tanggal_data)
    ) v
),

collapsed as (
    select
        nip,
        island,
        min(tanggal_data) as berlaku_mulai,
        case when bool_or(sampai is null) then null else max(sampai) end as berlaku_sampai,
        (array_agg(nama order by tanggal_data desc))[1] as nama,
        (array_agg(jenis_asn order by tanggal_data desc))[1] as jenis_asn,
        (array_agg(unit_kode order by tanggal_data desc))[1] as unit_kode,
        (array_agg(instansi_kode order by tanggal_data desc))[1] as instansi_kode,
        (array_agg(jabatan order by tanggal_data desc))[1] as jabatan,
        (array_agg(jenis_jabatan order by tanggal_data desc))[1] as jenis_jabatan,
        (array_agg(atasan_nip order by tanggal_data desc))[1] as atasan_nip,
        (array_agg(golongan order by tanggal_data desc))[1] as golongan,
        (array_agg(status order by tanggal_data desc))[1] as status
    from islands
    group by nip, island
),

final as (
    select
        nip, nama, jenis_asn, unit_kode, instansi_kode, jabatan, jenis_jabatan, atasan_nip, golongan,
        status, berlaku_mulai, berlaku_sampai,
        berlaku_sampai is null
            and berlaku_mulai = max(berlaku_mulai) over (partition by nip) as is_current
    from collapsed
)

select * from final
