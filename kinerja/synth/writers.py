"""One writer per source: the rows of a generated month in the contract's formats, at plausible
rates (lateness, absence, leave, slow tickets), each file passed through the defect injector.
Writers run in a fixed order on one random stream, so the same seed writes the same bytes."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from .defects import Defects, excel_number
from .organisasi import LAYANAN, LEAVE_TYPES, Pegawai, Unit, workdays

Layanan = dict[str, list[tuple[str, int, str]]]  # unit_kode -> (layanan_kode, sla_nilai, sla_satuan)


@dataclass
class Bulan:
    """The month being written and what every writer shares."""

    out: Path
    month: str
    kode: str
    inst_nama: str
    zona: str
    kota: str
    rng: random.Random
    bad: Defects
    units: list[Unit]
    staff: list[Pegawai]
    counts: dict[str, dict] = field(default_factory=dict)  # source -> files, rows (the manifest's)
    sub: tuple[str, ...] = ()  # sub-folders under each source: the instansi, an earlier month
    share: float = 1.0  # the part of a month the files cover (one workday of a national day: 1/21)
    first_instansi: bool = True  # the hand-made Excel export is written once per generated month
    multi: bool = False  # one of several instansi: identifiers carry the instansi code

    @property
    def idp(self) -> str:
        """Prefix that keeps ticket, response and leave numbers unique across instansi."""
        return f"{self.kode}-" if self.multi else ""

    def dir(self, source: str) -> Path:
        """Where this month's (and instansi's) files of a source go."""
        return self.out.joinpath(source, *self.sub)

    @property
    def year(self) -> int:
        return int(self.month[:4])

    @property
    def mon(self) -> int:
        return int(self.month[5:7])

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.mon, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.mon, calendar.monthrange(self.year, self.mon)[1])

    @property
    def tz(self) -> dt.timezone:
        return dt.timezone(dt.timedelta(hours={"WIB": 7, "WITA": 8, "WIT": 9}[self.zona]))

    @property
    def roster(self) -> set[str]:
        return {p.nip for p in self.staff}

    def note(self, source: str, rows: int, files: int = 1) -> None:
        c = self.counts.setdefault(source, {"files": 0, "rows": 0})
        c["files"] += files if rows else 0  # nothing to export: no file (see write_csv)
        c["rows"] += rows

    def write_csv(
        self,
        source: str | None,
        path: Path,
        header: list[str],
        rows: list[list],
        delimiter: str = ",",
        encoding: str = "utf-8",
    ) -> int:
        """Write one file (with the source's defects injected unless `source` is None); its row count.
        No rows, no file: a helpdesk with nothing to export that day sends nothing."""
        if not rows:
            return 0
        path.parent.mkdir(parents=True, exist_ok=True)
        if source is not None:
            rows = self.bad.inject(source, path, rows)
        with path.open("w", newline="", encoding=encoding) as fh:
            w = csv.writer(fh, delimiter=delimiter)
            w.writerow(header)
            w.writerows(rows)
        return len(rows)


def write_unit_kerja(b: Bulan) -> None:
    heads: dict[str, str] = {}
    for p in b.staff:  # the first employee of each unit is its head
        heads.setdefault(p.unit.kode, p.nip)
    b.note(
        "unit_kerja",
        b.write_csv(
            "unit_kerja",
            b.dir("unit_kerja") / f"unit_kerja_{b.month}.csv",
            [
                "unit_kode",
                "nama_unit",
                "instansi_kode",
                "instansi_nama",
                "induk_unit_kode",
                "zona_waktu",
                "unit_layanan",
                "populasi_layanan",
                "kepala_nip",
            ],
            [
                [
                    u.kode,
                    u.nama,
                    b.kode,
                    b.inst_nama,
                    u.induk or "",
                    b.zona,
                    "Y" if u.layanan else "N",
                    u.populasi or "",
                    heads[u.kode],
                ]
                for u in b.units
            ],
        ),
    )


def write_pegawai(b: Bulan) -> None:
    b.note(
        "pegawai",
        b.write_csv(
            "pegawai",
            b.dir("pegawai") / f"pegawai_{b.first}.csv",
            [
                "nip",
                "nama",
                "jenis_asn",
                "unit_kode",
                "jabatan",
                "jenis_jabatan",
                "atasan_nip",
                "golongan",
                "status",
                "tanggal_data",
            ],
            [
                [
                    p.nip,
                    p.nama,
                    p.jenis_asn,
                    p.unit.kode,
                    p.jabatan,
                    p.jenis_jabatan,
                    p.atasan or "",
                    p.golongan,
                    "AKTIF",
                    b.first,
                ]
                for p in b.staff
            ],
        ),
    )


def write_jadwal_kerja(b: Bulan) -> None:
    """The instansi's Perpres 21/2023 week."""
    jadwal = [
        [b.kode, "", f"{b.year}-01-01", "", h, "07:30", "16:30" if h == 5 else "16:00", "Perpres 21/2023"]
        for h in range(1, 6)
    ]
    b.note(
        "jadwal_kerja",
        b.write_csv(
            "jadwal_kerja",
            b.dir("jadwal_kerja") / f"jadwal_{b.year}.csv",
            [
                "instansi_kode",
                "unit_kode",
                "berlaku_mulai",
                "berlaku_sampai",
                "hari",
                "jam_masuk",
                "jam_pulang",
                "keterangan",
            ],
            jadwal,
        ),
    )


def write_hari_libur(b: Bulan) -> list[dt.date]:
    """One regional holiday on a weekday mid-month (hari jadi kota/kabupaten); returns the month's
    workdays after it."""
    weekdays = [d for d in workdays(b.year, b.mon, set()) if d.day > 10]
    hari_jadi = weekdays[len(weekdays) // 2] if weekdays else None
    b.note(
        "hari_libur",
        b.write_csv(
            "hari_libur",
            b.dir("hari_libur") / f"libur_{b.year}.csv",
            ["tanggal", "jenis", "instansi_kode", "keterangan"],
            [[hari_jadi, "LIBUR_DAERAH", b.kode, f"Hari Jadi {b.kota}"]] if hari_jadi else [],
        ),
    )
    return workdays(b.year, b.mon, {hari_jadi} if hari_jadi else set())


def write_layanan(b: Bulan) -> Layanan:
    """The service catalogue of the service units; returns each unit's services."""
    rows, by_unit = [], {}
    for u in b.units:
        if not u.layanan:
            continue
        for lk, ln, sla, satuan in LAYANAN[u.layanan]:
            code = b.idp + (f"{lk}-{u.kode.split('-', 1)[1]}" if u.layanan in ("PKM", "KEC") else lk)
            rows.append([code, ln, u.kode, sla, satuan, f"{b.year}-01-01"])
            by_unit.setdefault(u.kode, []).append((code, sla, satuan))
    b.note(
        "layanan",
        b.write_csv(
            "layanan",
            b.dir("layanan") / f"katalog_{b.year}.csv",
            ["layanan_kode", "nama_layanan", "unit_kode", "sla_nilai", "sla_satuan", "berlaku_mulai"],
            rows,
        ),
    )
    return by_unit


def write_cuti(b: Bulan, days: list[dt.date]) -> dict[tuple[str, dt.date], str]:
    """~8% of staff take a leave or duty of 1-3 workdays; a few requests stay DIAJUKAN. Returns the
    approved (nip, day) -> jenis."""
    rng, rows, on_leave = b.rng, [], {}
    leave_rate = max(0.08, 4 / len(b.staff))  # a tiny month still shows some leave
    for i, p in enumerate(b.staff):
        if rng.random() >= leave_rate or len(days) < 4:
            continue
        jenis = rng.choices([t for t, _ in LEAVE_TYPES], [w for _, w in LEAVE_TYPES])[0]
        start_i = rng.randrange(0, len(days) - 3)
        length = rng.randint(1, 3)
        mulai, selesai = days[start_i], days[start_i + length - 1]
        nomor = f"800/{b.idp}{i + 1:04d}/{p.unit.kode.split('-')[1]}/{b.mon:02d}/{b.year}"
        diajukan = dt.datetime.combine(mulai - dt.timedelta(days=rng.randint(2, 10)), dt.time(9, rng.randrange(60)))
        status = "DISETUJUI" if rng.random() < 0.9 else "DIAJUKAN"
        rows.append([nomor, p.nip, jenis, mulai, selesai, "DIAJUKAN", f"{diajukan:%Y-%m-%d %H:%M:%S}"])
        if status == "DISETUJUI":
            rows.append(
                [
                    nomor,
                    p.nip,
                    jenis,
                    mulai,
                    selesai,
                    "DISETUJUI",
                    f"{diajukan + dt.timedelta(days=1, hours=2):%Y-%m-%d %H:%M:%S}",
                ]
            )
            for d in days[start_i : start_i + length]:
                on_leave[(p.nip, d)] = jenis
    b.note(
        "cuti",
        b.write_csv(
            "cuti",
            b.dir("cuti") / f"cuti_{b.month}.csv",
            ["nomor", "nip", "jenis", "tanggal_mulai", "tanggal_selesai", "status", "diperbarui_pada"],
            rows,
        ),
    )
    return on_leave


def _tap(day: dt.date, minutes: float) -> str:
    t = dt.datetime.combine(day, dt.time(0)) + dt.timedelta(seconds=round(minutes * 60))
    return f"{t:%d/%m/%Y %H:%M:%S}"


def write_kehadiran(b: Bulan, days: list[dt.date], on_leave: dict[tuple[str, dt.date], str]) -> None:
    """One device export per workday, `;` and DD/MM/YYYY like the machines write; on the first day
    also the export a clerk makes by hand in Excel."""
    rng = b.rng
    for day in days:
        rows = []
        masuk, pulang = 7 * 60 + 30, (16 * 60 + 30 if day.weekday() == 4 else 16 * 60)
        for p in b.staff:
            jenis = on_leave.get((p.nip, day))
            if (
                jenis in ("DINAS_LUAR", "CUTI_SAKIT", "CUTI_TAHUNAN", "CUTI_ALASAN_PENTING")
                or rng.random() < p.p_absent
            ):
                continue
            mesin = f"{p.unit.kode.split('-', 1)[1]}-01"
            metode = rng.choices(["SIDIK_JARI", "WAJAH", "MOBILE"], [70, 25, 5])[0]
            if rng.random() > 0.01:  # 1% forget to tap in
                arrive = masuk - rng.uniform(2, 35) if rng.random() > p.p_late else masuk + rng.expovariate(1 / 18)
                rows.append([p.nip, _tap(day, arrive), mesin, metode, "MASUK"])
                if rng.random() < 0.03:  # the device records the same tap twice
                    rows.append(rows[-1][:])
            if rng.random() > 0.02:  # 2% forget to tap out
                leave = pulang - rng.expovariate(1 / 25) if rng.random() < p.p_early else pulang + rng.uniform(0, 50)
                rows.append([p.nip, _tap(day, leave), mesin, metode, "PULANG" if rng.random() > 0.3 else ""])
        rows.sort(key=lambda r: (r[1][11:], r[0]))
        b.note(
            "kehadiran",
            b.write_csv(
                "kehadiran",
                b.dir("kehadiran") / f"{day}.csv",
                ["nip", "waktu", "mesin_id", "metode", "arah"],
                rows,
                delimiter=";",
            ),
        )
        if day == days[0] and b.bad.enabled and b.first_instansi:
            _excel_by_hand(b, day, rows)


def _excel_by_hand(b: Bulan, day: dt.date, rows: list[list]) -> None:
    """Excel, `;`, Windows-1252, and two NIPs Excel turned into numbers (lines 4 and 7)."""
    roster = b.roster
    sample = [r for r in rows if r[0] in roster][:6]
    messy = [[r[0], r[1], r[2], "Kantor \u2013 lantai 2"] for r in sample]
    messy.insert(2, [excel_number(sample[0][0]).replace(".", ","), sample[0][1], sample[0][2], "salah format"])
    messy.insert(5, [excel_number(sample[1][0]).replace(".", ","), sample[1][1], sample[1][2], "salah format"])
    path = b.dir("kehadiran") / "excel" / f"rekap_manual_{day}.csv"
    b.write_csv(None, path, ["NIP", "Waktu", "Mesin_ID", "Keterangan"], messy, delimiter=";", encoding="cp1252")
    b.bad.listed("kehadiran", path, [4, 7], "invalid_nip")
    b.note("kehadiran", len(messy))


def write_tiket_layanan(b: Bulan, days: list[dt.date], layanan: Layanan) -> None:
    """~1.2 tickets per employee-month handled by officers of service units, ~10% slow; change
    records from SP4N-LAPOR! (JSONL) and the counters (CSV)."""
    rng, year, mon, last = b.rng, b.year, b.mon, b.last
    officers = [p for p in b.staff if p.unit.kode in layanan and p.jenis_jabatan != "STRUKTURAL"]
    lapor, loket = [], []
    for i in range(round(len(b.staff) * 1.2 * b.share)):
        if not officers or not days:
            break
        p = rng.choice(officers)
        code, sla, satuan = rng.choice(layanan[p.unit.kode])
        day = rng.choice(days)
        created = dt.datetime.combine(day, dt.time(8), b.tz) + dt.timedelta(minutes=rng.randrange(0, 420))
        slow = rng.random() < 0.10
        unit_minutes = {"HARI_KERJA": 24 * 60 * 1.4, "JAM_KERJA": 60 * 1.6, "JAM": 60, "MENIT": 1}[satuan]
        spent = sla * unit_minutes * (rng.uniform(1.3, 3.0) if slow else rng.uniform(0.05, 0.8))
        resolved = created + dt.timedelta(minutes=spent)
        kanal = rng.choices(["LAPOR", "LOKET", "WHATSAPP", "WEB"], [25, 55, 12, 8])[0]
        tid = f"{'LAPOR' if kanal == 'LAPOR' else kanal[:5]}-{b.idp}{year}{mon:02d}{i:06d}"
        cutoff = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), b.tz)
        done = resolved < cutoff and rng.random() > 0.03
        status = rng.choices(["SELESAI", "DITUTUP"], [85, 15])[0] if done else "DIPROSES"
        if rng.random() < 0.01:
            status = "DITOLAK"
        responded = created + dt.timedelta(minutes=rng.randrange(1, 90))
        resolved = max(resolved, responded + dt.timedelta(minutes=1))  # each version strictly later
        versions = [(created, "BARU", None, 0), (responded, "DIPROSES", None, 0)]
        if status != "DIPROSES":
            versions.append(
                (
                    resolved if status != "DITOLAK" else responded + dt.timedelta(minutes=5),
                    status,
                    resolved if status != "DITOLAK" else None,
                    1 if rng.random() < 0.04 else 0,
                )
            )
        for when, st, fin, reopen in versions:
            rec = {
                "tiket_id": tid,
                "kanal": kanal,
                "layanan_kode": code,
                "unit_kode": p.unit.kode,
                "petugas_nip": p.nip,
                "dibuat_pada": created.isoformat(),
                "direspons_pada": responded.isoformat() if st != "BARU" else None,
                "diselesaikan_pada": fin.isoformat() if fin else None,
                "status": st,
                "jumlah_dibuka_kembali": reopen,
                "diperbarui_pada": when.isoformat(),
            }
            if kanal == "LAPOR":
                lapor.append(rec)
            else:
                loket.append(
                    [
                        rec["tiket_id"],
                        kanal,
                        code,
                        p.unit.kode,
                        p.nip,
                        f"{created:%Y-%m-%d %H:%M:%S}",
                        f"{responded:%Y-%m-%d %H:%M:%S}" if st != "BARU" else "",
                        f"{fin:%Y-%m-%d %H:%M:%S}" if fin else "",
                        st,
                        reopen,
                        f"{when:%Y-%m-%d %H:%M:%S}",
                    ]
                )
    path = b.dir("tiket_layanan") / "lapor" / f"lapor_{b.month}.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in lapor]
    if b.bad.enabled and lines:  # an API export cut off mid-record
        at = b.bad.rng.randrange(len(lines))
        lines.insert(at, lines[at][: len(lines[at]) // 2])
        b.bad.listed("tiket_layanan", path, [at + 1], "malformed_record")
    if lines:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    b.note("tiket_layanan", len(lines))
    b.note(
        "tiket_layanan",
        b.write_csv(
            "tiket_layanan",
            b.dir("tiket_layanan") / "loket" / f"loket_{b.month}.csv",
            [
                "tiket_id",
                "kanal",
                "layanan_kode",
                "unit_kode",
                "petugas_nip",
                "dibuat_pada",
                "direspons_pada",
                "diselesaikan_pada",
                "status",
                "jumlah_dibuka_kembali",
                "diperbarui_pada",
            ],
            loket,
        ),
    )


def write_survei_skm(b: Bulan, days: list[dt.date], layanan: Layanan) -> None:
    """~1 response per employee-month, answers mostly 3-4, some empty answers."""
    rng, skm = b.rng, []
    service_units = [u for u in b.units if u.layanan]
    for i in range(round(len(b.staff) * b.share)):
        u = rng.choice(service_units)
        quality = rng.uniform(-0.6, 0.4)
        answers = []
        for _ in range(9):
            if rng.random() < 0.01:
                answers.append("")
            else:
                answers.append(max(1, min(4, round(3.3 + quality + rng.gauss(0, 0.6)))))
        skm.append(
            [
                f"SKM-{b.idp}{b.year}{b.mon:02d}-{i:06d}",
                u.kode,
                rng.choice(layanan[u.kode])[0],
                rng.choice(days),
                *answers,
                rng.choice("LP"),
                rng.choice(["SD", "SMP", "SMA", "D3", "S1", "S2"]),
                rng.choice(["PNS", "Wiraswasta", "Pelajar/Mahasiswa", "Ibu Rumah Tangga", "Petani", "Lainnya"]),
                rng.choice(
                    ["", "", "", "Pelayanan cepat", "Antrian terlalu lama", "Petugas ramah", "Ruang tunggu panas"]
                ),
            ]
        )
    b.note(
        "survei_skm",
        b.write_csv(
            "survei_skm",
            b.dir("survei_skm") / f"skm_{b.month}.csv",
            [
                "respons_id",
                "unit_kode",
                "layanan_kode",
                "tanggal",
                *[f"u{i}" for i in range(1, 10)],
                "jenis_kelamin",
                "pendidikan",
                "pekerjaan",
                "saran",
            ],
            skm,
        ),
    )


def write_survei_perilaku(b: Bulan) -> None:
    """360 BerAKHLAK: atasan, up to three rekan and self for most staff (~5 answers per employee-month)."""
    rng, by_unit = b.rng, {}
    for p in b.staff:
        by_unit.setdefault(p.unit.kode, []).append(p)
    perilaku, rid = [], 0
    for p in b.staff:
        base = rng.uniform(3.2, 4.8)
        raters = []
        if p.atasan:
            raters.append((p.atasan, "ATASAN"))
        peers = [q for q in by_unit[p.unit.kode] if q is not p]
        raters += [(q.nip, "REKAN") for q in rng.sample(peers, min(3, len(peers)))]
        raters.append((p.nip, "DIRI"))
        for penilai, peran in raters:
            rid += 1
            perilaku.append(
                [
                    f"P-{b.idp}{b.year}{b.mon:02d}-{rid:07d}",
                    b.month,
                    p.nip,
                    penilai,
                    peran,
                    *[
                        max(1, min(5, round(base + rng.gauss(0, 0.5) + (0.3 if peran == "DIRI" else 0))))
                        for _ in range(7)
                    ],
                ]
            )
    b.note(
        "survei_perilaku",
        b.write_csv(
            "survei_perilaku",
            b.dir("survei_perilaku") / f"perilaku_{b.month}.csv",
            [
                "respons_id",
                "periode",
                "pegawai_nip",
                "penilai_nip",
                "peran_penilai",
                "berorientasi_pelayanan",
                "akuntabel",
                "kompeten",
                "harmonis",
                "loyal",
                "adaptif",
                "kolaboratif",
            ],
            perilaku,
        ),
    )


def write_skp(b: Bulan) -> None:
    """SKP realisation: 3 indicators per employee-month (two UTAMA, one TAMBAHAN)."""
    rng, skp = b.rng, []
    for p in b.staff:
        perf = rng.uniform(0.75, 1.2)
        for j, (ind, satuan, arah, jenis) in enumerate(
            [
                ("Jumlah berkas layanan diselesaikan", "berkas", "NAIK", "UTAMA"),
                ("Rata-rata waktu penyelesaian berkas", "menit", "TURUN", "UTAMA"),
                ("Laporan kegiatan bulanan", "laporan", "NAIK", "TAMBAHAN"),
            ]
        ):
            target = {"berkas": rng.choice([50, 80, 120, 200]), "menit": rng.choice([30, 45, 60]), "laporan": 1}[satuan]
            if arah == "NAIK":
                real = (
                    round(target * perf * rng.uniform(0.9, 1.1))
                    if satuan != "laporan"
                    else (1 if rng.random() < 0.95 else 0)
                )
            else:
                real = round(target / (perf * rng.uniform(0.9, 1.1)))
            skp.append([p.nip, b.month, f"IKU-{j + 1:02d}", ind, jenis, target, real, satuan, arah])
    b.note(
        "skp",
        b.write_csv(
            "skp",
            b.dir("skp") / f"skp_{b.month}.csv",
            ["nip", "periode", "indikator_kode", "indikator", "jenis", "target", "realisasi", "satuan", "arah"],
            skp,
        ),
    )
