-- The publication's own tables (docs/published.md, "Publication"). Run by `kinerja publish` as the
-- transformer role, idempotent. No dbt model writes here: a revision, once inserted, is never
-- updated or deleted (the trigger below refuses it), so revision n stays byte-identical after n + 1.
-- The frozen copies of the marts (kinerja_pegawai_bulanan, disiplin_bulanan, …) are created by
-- kinerja/publish/publikasi.py from the marts' own columns and protected by laporan.lindungi().

create schema if not exists laporan;

create table if not exists laporan.publikasi (
    publikasi_id      text primary key,          -- <instansi>-<YYYYMM>-r<revisi>, named on every report page
    instansi_kode     text not null,
    periode           date not null,             -- first day of the month
    revisi            integer not null check (revisi >= 1),
    diterbitkan_pada  timestamptz not null,
    diterbitkan_oleh  text not null default session_user,
    jumlah_baris      integer not null,          -- rows of kinerja_pegawai_bulanan in this revision
    checksum          text not null,             -- md5 over the frozen rows of every scored table
    alasan_revisi     text,                      -- null for revision 1
    batch_terakhir    bigint not null,           -- the last ledger batch the marts held at publication
    versi_kebijakan   text,
    unique (instansi_kode, periode, revisi)      -- with the advisory lock: one revision n + 1, ever
);

create table if not exists laporan.publikasi_perubahan (
    publikasi_id      text not null references laporan.publikasi,
    instansi_kode     text not null,
    periode           date not null,
    revisi            integer not null,
    revisi_sebelumnya integer not null,
    urutan            integer not null,          -- predikat changes first, then by table and key
    tabel             text not null,
    kunci             text not null,             -- nip, or unit_kode
    perubahan         text not null check (perubahan in ('ditambah', 'dihapus', 'diubah')),
    kolom             text,                      -- for 'diubah': the column that changed
    nilai_lama        text,
    nilai_baru        text,
    primary key (publikasi_id, urutan)
);

create table if not exists laporan.kelengkapan_data (
    publikasi_id      text not null references laporan.publikasi,
    instansi_kode     text not null,
    periode           date not null,
    sumber            text not null,             -- a source of docs/sources.md
    jumlah_berkas     integer not null,          -- files in the ledger when the revision was frozen
    berkas_ditolak    integer not null,          -- REJECTED or BLOCKED
    baris_dibaca      bigint not null,
    baris_dimuat      bigint not null,
    baris_karantina   bigint not null,
    peringatan        text[] not null,           -- silence warnings of the month (devices, units, days)
    primary key (publikasi_id, sumber)
);

create or replace function laporan.tolak_ubah() returns trigger language plpgsql as $$
begin
    raise exception 'laporan.% is append-only: publish a new revision instead (kinerja publish)', tg_table_name;
end $$;

-- Row-level security, grants and the append-only guard on one laporan table. Idempotent.
create or replace function laporan.lindungi(tabel regclass) returns void language plpgsql as $$
begin
    if not (select relrowsecurity from pg_class where oid = tabel) then
        execute format('alter table %s enable row level security', tabel);
    end if;
    if exists (select from pg_roles where rolname = 'kinerja_bi') then
        execute format('grant select on %s to kinerja_bi, kinerja_engineer', tabel);
        if not exists (select from pg_policies where format('%I.%I', schemaname, tablename)::regclass = tabel
                                                    and policyname = 'baca_semua') then
            execute format('create policy baca_semua on %s for select to kinerja_bi, kinerja_engineer using (true)',
                           tabel);
        end if;
    end if;
    if exists (select from pg_roles where rolname = 'kinerja_inspektorat') then
        execute format('grant select on %s to kinerja_inspektorat', tabel);
        if not exists (select from pg_policies where format('%I.%I', schemaname, tablename)::regclass = tabel
                                                    and policyname = 'instansi_sendiri') then
            execute format('create policy instansi_sendiri on %s for select to kinerja_inspektorat '
                           'using (instansi_kode in (select akses.instansi_saya()))', tabel);
        end if;
    end if;
    if not exists (select from pg_trigger where tgrelid = tabel and tgname = 'hanya_tambah') then
        execute format('create trigger hanya_tambah before update or delete on %s '
                       'for each statement execute function laporan.tolak_ubah()', tabel);
        execute format('create trigger hanya_tambah_truncate before truncate on %s '
                       'for each statement execute function laporan.tolak_ubah()', tabel);
    end if;
end $$;

select laporan.lindungi('laporan.publikasi');
select laporan.lindungi('laporan.publikasi_perubahan');
select laporan.lindungi('laporan.kelengkapan_data');
