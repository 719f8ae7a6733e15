"""Deterministic synthetic landing files in the formats of shared/spec/sources.md: Indonesian
names, valid NIPs, and lateness, absence, leave and slow tickets at plausible rates."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

import holidays

SCALES = {
    # pegawai, instansi (kode, nama, zona, kota), units
    "tiny": dict(pegawai=30, units=3, instansi=("6501", "Pemerintah Kabupaten Bulungan", "WITA", "Tanjung Selor")),
    "city": dict(pegawai=5000, units=40, instansi=("1275", "Pemerintah Kota Binjai", "WIB", "Binjai")),
}

FIRST_M = ["Ahmad", "Budi", "Fajar", "Rizky", "Muhammad", "Agus", "Hendra", "Dedi", "Andi", "Bambang", "Yusuf",
           "Irfan", "Taufik", "Arif", "Eko", "Joko", "Rahmat", "Hadi", "Syahrul", "Ilham", "Bayu", "Dimas", "Reza"]
FIRST_F = ["Dewi", "Putri", "Rina", "Sri", "Siti", "Nur", "Ayu", "Fitri", "Indah", "Lestari", "Wulan", "Ratna",
           "Yuni", "Maya", "Rahmawati", "Nadia", "Intan", "Suryani", "Eka", "Mega", "Annisa", "Dian", "Novi"]
MIDDLE = ["", "", "", "Ayu", "Nur", "Dwi", "Tri", "Sri", "Indra", "Wahyu", "Putra", "Kurnia", "Ramadhan", "Marlina"]
FAMILY = ["Nasution", "Siregar", "Harahap", "Lubis", "Sitepu", "Ginting", "Tarigan", "Simanjuntak", "Hasibuan",
          "Pohan", "Damanik", "Saragih", "Sembiring", "Purba", "", "", "", "", "Santoso", "Wijaya", "Saputra",
          "Hidayat", "Kurniawan", "Pratama", "Setiawan", "Rahman"]
GELAR = ["", "", "", "S.Sos", "S.E.", "S.Kom", "S.H.", "S.Pd", "S.Kep", "A.Md", "M.Si", "S.T."]

UNIT_NAMES = [
    ("DKP", "Dinas Kependudukan dan Pencatatan Sipil", True),
    ("DINKES", "Dinas Kesehatan", False),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan SDM", False),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", True),
    ("BAPENDA", "Badan Pendapatan Daerah", True),
    ("DISDIK", "Dinas Pendidikan", False),
    ("DINSOS", "Dinas Sosial", True),
    ("DISHUB", "Dinas Perhubungan", True),
    ("DLH", "Dinas Lingkungan Hidup", False),
    ("SETDA", "Sekretariat Daerah", False),
]
LAYANAN = {
    "DKP": [("KTP-EL", "Penerbitan KTP Elektronik", 1, "HARI_KERJA"), ("KK", "Penerbitan Kartu Keluarga", 1, "HARI_KERJA"),
            ("AKTA-LHR", "Penerbitan Akta Kelahiran", 3, "HARI_KERJA")],
    "DPMPTSP": [("PBG", "Persetujuan Bangunan Gedung", 14, "HARI_KERJA"), ("NIB", "Nomor Induk Berusaha", 4, "JAM_KERJA")],
    "BAPENDA": [("PBB", "Pelayanan PBB-P2", 3, "HARI_KERJA"), ("BPHTB", "Validasi BPHTB", 8, "JAM_KERJA")],
    "DINSOS": [("DTKS", "Pendaftaran DTKS", 5, "HARI_KERJA")],
    "DISHUB": [("KIR", "Uji Berkala Kendaraan", 2, "JAM"), ("PARKIR", "Izin Parkir", 3, "HARI_KERJA")],
    "PKM": [("POLI", "Pelayanan Poli Umum", 90, "MENIT"), ("SKS", "Surat Keterangan Sehat", 60, "MENIT")],
    "KEC": [("SKTM", "Surat Keterangan Tidak Mampu", 1, "HARI_KERJA"), ("DOMISILI", "Surat Keterangan Domisili", 1, "HARI_KERJA")],
}
JABATAN_PELAKSANA = ["Pengadministrasi Perkantoran", "Operator Layanan Operasional", "Pengelola Layanan Operasional",
                     "Penata Layanan Operasional", "Pengolah Data dan Informasi", "Arsiparis Terampil"]
JABATAN_FUNGSIONAL = ["Analis Kebijakan Ahli Muda", "Pranata Komputer Ahli Pertama", "Perawat Ahli Pertama",
                      "Bidan Terampil", "Dokter Ahli Pertama", "Analis SDM Aparatur Ahli Muda"]
LEAVE_TYPES = [("CUTI_TAHUNAN", 50), ("CUTI_SAKIT", 20), ("DINAS_LUAR", 20), ("IZIN", 7), ("CUTI_ALASAN_PENTING", 3)]


@dataclass
class Unit:
    kode: str
    nama: str
    induk: str | None
    layanan: str | None  # key into LAYANAN
    populasi: int | None


@dataclass
class Pegawai:
    nip: str
    nama: str
    jenis_asn: str
    unit: Unit
    jabatan: str
    jenis_jabatan: str
    atasan: str | None
    golongan: str
    p_late: float
    p_early: float
    p_absent: float


def _units(rng: random.Random, n: int, instansi: str, kota: str) -> list[Unit]:
    units: list[Unit] = []
    pool = list(UNIT_NAMES)
    i = 0
    while len(units) < n:
        if i < len(pool):
            code, name, service = pool[i]
            units.append(Unit(f"{instansi}-{code}", name, None, code if service else None,
                              rng.randrange(20_000, 60_000) if service else None))
        else:
            k = i - len(pool)
            kind = k % 3
            if kind == 0:
                units.append(Unit(f"{instansi}-PKM{k // 3 + 1:02d}", f"UPTD Puskesmas {kota} {k // 3 + 1}",
                                  f"{instansi}-DINKES", "PKM", rng.randrange(8_000, 25_000)))
            elif kind == 1:
                units.append(Unit(f"{instansi}-KEC{k // 3 + 1:02d}", f"Kecamatan {kota} {['Kota', 'Utara', 'Timur', 'Selatan', 'Barat', 'Tengah'][k // 3 % 6]}"
                                  + ("" if k // 3 < 6 else f" {k // 3 - 5}"), None, "KEC", rng.randrange(10_000, 40_000)))
            else:
                parent = units[(k // 3) % min(len(pool), len(units))]
                units.append(Unit(f"{parent.kode}-B{k // 3 + 1:02d}", f"Bidang {['Pelayanan', 'Umum dan Kepegawaian', 'Perencanaan', 'Data dan Informasi'][k // 3 % 4]} {parent.nama.split(' ', 1)[1]}",
                                  parent.kode, None, None))
        i += 1
    return units[:n]


def _nip(rng: random.Random, used: set[str], pppk: bool) -> tuple[str, str]:
    while True:
        birth = dt.date(1966, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 34))
        sex = rng.choice("12")
        if pppk:
            nip = f"{birth:%Y%m%d}{rng.randrange(2022, 2025)}21{sex}{rng.randrange(1, 999):03d}"
        else:
            start_year = min(birth.year + rng.randrange(22, 34), 2024)
            nip = f"{birth:%Y%m%d}{start_year}{rng.randrange(1, 13):02d}{sex}{rng.randrange(1, 999):03d}"
        if nip not in used:
            used.add(nip)
            return nip, sex


def _nama(rng: random.Random, sex: str) -> str:
    first = rng.choice(FIRST_M if sex == "1" else FIRST_F)
    parts = [first, rng.choice(MIDDLE), rng.choice(FAMILY)]
    name = " ".join(p for p in parts if p)
    gelar = rng.choice(GELAR)
    return f"{name} {gelar}" if gelar else name


def _pegawai(rng: random.Random, n: int, units: list[Unit]) -> list[Pegawai]:
    used: set[str] = set()
    staff: list[Pegawai] = []
    heads: dict[str, str] = {}
    for u in units:  # one head per unit first
        nip, sex = _nip(rng, used, False)
        atasan = heads.get(u.induk) if u.induk else None
        p = Pegawai(nip, _nama(rng, sex), "PNS", u, "Kepala " + u.nama.split(" ")[0], "STRUKTURAL", atasan,
                    rng.choice(["IV/a", "IV/b", "IV/c"]), 0.05, 0.05, 0.005)
        heads[u.kode] = nip
        staff.append(p)
    weights = [3 if u.layanan else 1 for u in units]
    while len(staff) < n:
        u = rng.choices(units, weights)[0]
        pppk = rng.random() < 0.15
        nip, sex = _nip(rng, used, pppk)
        fungsional = rng.random() < 0.3
        # a few habitual late-comers and absentees, most people punctual
        habit = rng.random()
        p_late = 0.6 if habit < 0.05 else (0.2 if habit < 0.25 else 0.04)
        p_absent = 0.12 if habit < 0.02 else 0.01
        staff.append(Pegawai(
            nip, _nama(rng, sex), "PPPK" if pppk else "PNS", u,
            rng.choice(JABATAN_FUNGSIONAL if fungsional else JABATAN_PELAKSANA),
            "FUNGSIONAL" if fungsional else "PELAKSANA", heads[u.kode],
            rng.choice(["IX", "VII", "V"]) if pppk else rng.choice(["II/b", "II/c", "III/a", "III/b", "III/c", "III/d"]),
            p_late, p_late * 0.6, p_absent))
    return staff[:n]


def _workdays(year: int, month: int, zona_extra: set[dt.date]) -> list[dt.date]:
    libur = holidays.country_holidays("ID", years=year, categories=("public", "government"))
    days = []
    for d in range(1, calendar.monthrange(year, month)[1] + 1):
        day = dt.date(year, month, d)
        if day.weekday() < 5 and day not in libur and day not in zona_extra:
            days.append(day)
    return days


DEFECT_RATE = 0.005


class Defects:
    """Injects the defects real exports have, as extra rows at random places (a good row is never
    damaged, so every good row must still load), and remembers where: the manifest lists each
    defect with the rule that must quarantine it."""

    def __init__(self, rng: random.Random, out: Path, enabled: bool) -> None:
        self.rng, self.out, self.enabled = rng, out, enabled
        self.rows: list[dict] = []
        self.files: list[dict] = []
        self.turn: dict[str, int] = {}

    def inject(self, source: str, path: Path, rows: list[list], makers: list, minimum: int = 1) -> list[list]:
        """`makers`: functions (good_row) -> (bad_row, rule, after_good) that build one defect from a good row."""
        if not self.enabled or not rows or not makers:
            return rows
        count = max(minimum, round(len(rows) * DEFECT_RATE))
        tagged: list[tuple[list, str | None]] = [(r, None) for r in rows]
        for _ in range(count):
            turn = self.turn.get(source, 0)
            self.turn[source] = turn + 1
            maker = makers[turn % len(makers)]
            pos = self.rng.randrange(len(tagged))
            good = next(r for r, rule in tagged[pos:] + tagged if rule is None)
            bad, rule, after = maker(good)
            at = pos + 1 if after else pos
            if after:  # a duplicate must come after the row it repeats
                at = next(j for j, (r, rl) in enumerate(tagged) if r is good) + 1
            tagged.insert(at, (bad, rule))
        relative = str(path.relative_to(self.out))
        for line, (_, rule) in enumerate(tagged, start=2):
            if rule:
                self.rows.append({"source": source, "file": relative, "line": line, "rule": rule})
        return [r for r, _ in tagged]

    def bad_file(self, source: str, path: Path, content: bytes, reason: str) -> None:
        if not self.enabled:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.files.append({"source": source, "file": str(path.relative_to(self.out)), "status": "REJECTED",
                           "reason": reason})


def _write_csv(path: Path, header: list[str], rows: list[list], delimiter: str = ",", encoding: str = "utf-8",
               defects: "Defects | None" = None, source: str | None = None, makers: list | None = None) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    if defects is not None:
        rows = defects.inject(source, path, rows, makers or [])
    with path.open("w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return len(rows)


def generate(scale: str, month: str, out: Path, seed: int = 42, defects: bool = True) -> dict:
    if scale not in SCALES:
        from .errors import KinerjaError
        raise KinerjaError(f"unknown scale {scale!r}: this generator knows {', '.join(SCALES)}")
    cfg = SCALES[scale]
    year, mon = (int(x) for x in month.split("-"))
    rng = random.Random(f"{seed}-{scale}-{month}")
    kode, inst_nama, zona, kota = cfg["instansi"]
    offset = {"WIB": 7, "WITA": 8, "WIT": 9}[zona]
    tz = dt.timezone(dt.timedelta(hours=offset))
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, dict] = {}
    bad = Defects(random.Random(f"{seed}-{scale}-{month}-defects"), out, defects)
    drng = bad.rng

    def note(source: str, rows: int, files: int = 1) -> None:
        c = counts.setdefault(source, {"files": 0, "rows": 0})
        c["files"] += files
        c["rows"] += rows

    first = dt.date(year, mon, 1)
    last = dt.date(year, mon, calendar.monthrange(year, mon)[1])
    units = _units(rng, cfg["units"], kode, kota)
    staff = _pegawai(rng, cfg["pegawai"], units)

    roster = {p.nip for p in staff}

    def unknown_nip() -> str:
        return _nip(drng, set(roster), False)[0]

    def excel(nip: str) -> str:  # what Excel shows for an 18-digit number
        return f"{float(nip):.5E}"

    dup = lambda r: (list(r), "duplicate_key", True)
    unit_makers = [lambda r: ([r[0] + "-X", r[1] + " (salah)", *r[2:5], "WITT", *r[6:]], "out_of_range", False)]
    pegawai_makers = [
        lambda r: ([r[0][:4] + "13" + r[0][6:], *r[1:]], "invalid_nip", False),
        lambda r: ([unknown_nip(), r[1], r[2], f"{kode}-TIDAKADA", *r[4:]], "unknown_unit", False),
        lambda r: ([unknown_nip(), *r[1:8], "CUTI", r[9]], "out_of_range", False),
        dup,
    ]

    note("unit_kerja", _write_csv(out / "unit_kerja" / f"unit_kerja_{month}.csv",
        ["unit_kode", "nama_unit", "instansi_kode", "instansi_nama", "induk_unit_kode", "zona_waktu",
         "unit_layanan", "populasi_layanan", "kepala_nip"],
        [[u.kode, u.nama, kode, inst_nama, u.induk or "", zona, "Y" if u.layanan else "N",
          u.populasi or "", next(p.nip for p in staff if p.unit is u)] for u in units],
        defects=bad, source="unit_kerja", makers=unit_makers))
    note("pegawai", _write_csv(out / "pegawai" / f"pegawai_{first}.csv",
        ["nip", "nama", "jenis_asn", "unit_kode", "jabatan", "jenis_jabatan", "atasan_nip", "golongan", "status", "tanggal_data"],
        [[p.nip, p.nama, p.jenis_asn, p.unit.kode, p.jabatan, p.jenis_jabatan, p.atasan or "", p.golongan, "AKTIF", first]
         for p in staff], defects=bad, source="pegawai", makers=pegawai_makers))
    jadwal = [[kode, "", f"{year}-01-01", "", h, "07:30", "16:30" if h == 5 else "16:00", "Perpres 21/2023"] for h in range(1, 6)]
    note("jadwal_kerja", _write_csv(out / "jadwal_kerja" / f"jadwal_{year}.csv",
        ["instansi_kode", "unit_kode", "berlaku_mulai", "berlaku_sampai", "hari", "jam_masuk", "jam_pulang", "keterangan"], jadwal,
        defects=bad, source="jadwal_kerja",
        makers=[lambda r: ([r[0], "", r[2], "", 6, "16:00", "07:30", "salah input jam"], "end_before_start", False)]))

    # one regional holiday on a weekday mid-month (hari jadi kota/kabupaten)
    weekdays = [d for d in _workdays(year, mon, set()) if d.day > 10]
    hari_jadi = weekdays[len(weekdays) // 2] if weekdays else None
    note("hari_libur", _write_csv(out / "hari_libur" / f"libur_{year}.csv", ["tanggal", "jenis", "instansi_kode", "keterangan"],
        [[hari_jadi, "LIBUR_DAERAH", kode, f"Hari Jadi {kota}"]] if hari_jadi else [],
        defects=bad, source="hari_libur",
        makers=[lambda r: ([f"{year}-02-30", "LIBUR_DAERAH", kode, "tanggal salah ketik"], "invalid_date", False)]))
    workdays = _workdays(year, mon, {hari_jadi} if hari_jadi else set())

    layanan_rows, layanan_by_unit = [], {}
    for u in units:
        if not u.layanan:
            continue
        for lk, ln, sla, satuan in LAYANAN[u.layanan]:
            code = f"{lk}-{u.kode.split('-', 1)[1]}" if u.layanan in ("PKM", "KEC") else lk
            layanan_rows.append([code, ln, u.kode, sla, satuan, f"{year}-01-01"])
            layanan_by_unit.setdefault(u.kode, []).append((code, sla, satuan))
    note("layanan", _write_csv(out / "layanan" / f"katalog_{year}.csv",
        ["layanan_kode", "nama_layanan", "unit_kode", "sla_nilai", "sla_satuan", "berlaku_mulai"], layanan_rows,
        defects=bad, source="layanan", makers=[lambda r: ([r[0] + "-X", *r[1:4], "HARI", r[5]], "out_of_range", False)]))

    # leave: ~8% of staff take a leave or duty of 1-3 workdays; a few requests stay DIAJUKAN
    cuti_rows, on_leave = [], {}
    leave_rate = max(0.08, 4 / len(staff))  # a tiny month still shows some leave
    for i, p in enumerate(staff):
        if rng.random() >= leave_rate or len(workdays) < 4:
            continue
        jenis = rng.choices([t for t, _ in LEAVE_TYPES], [w for _, w in LEAVE_TYPES])[0]
        start_i = rng.randrange(0, len(workdays) - 3)
        length = rng.randint(1, 3)
        mulai, selesai = workdays[start_i], workdays[start_i + length - 1]
        nomor = f"800/{i + 1:04d}/{p.unit.kode.split('-')[1]}/{year}"
        diajukan = dt.datetime.combine(mulai - dt.timedelta(days=rng.randint(2, 10)), dt.time(9, rng.randrange(60)))
        status = "DISETUJUI" if rng.random() < 0.9 else "DIAJUKAN"
        cuti_rows.append([nomor, p.nip, jenis, mulai, selesai, "DIAJUKAN", f"{diajukan:%Y-%m-%d %H:%M:%S}"])
        if status == "DISETUJUI":
            cuti_rows.append([nomor, p.nip, jenis, mulai, selesai, "DISETUJUI",
                              f"{diajukan + dt.timedelta(days=1, hours=2):%Y-%m-%d %H:%M:%S}"])
            for d in workdays[start_i:start_i + length]:
                on_leave[(p.nip, d)] = jenis
    note("cuti", _write_csv(out / "cuti" / f"cuti_{month}.csv",
        ["nomor", "nip", "jenis", "tanggal_mulai", "tanggal_selesai", "status", "diperbarui_pada"], cuti_rows,
        defects=bad, source="cuti", makers=[
            lambda r: ([r[0] + "-B", r[1], r[2], f"{year}-{mon:02d}-20", f"{year}-{mon:02d}-10", r[5], r[6]], "end_before_start", False),
            lambda r: ([r[0] + "-J", r[1], "CUTI_LIBURAN", *r[3:]], "out_of_range", False),
            lambda r: ([r[0] + "-N", unknown_nip(), *r[2:]], "unknown_employee", False),
            dup]))

    # attendance: one device export per workday, `;` and DD/MM/YYYY like the machines write
    def tap(day: dt.date, minutes: float) -> str:
        t = dt.datetime.combine(day, dt.time(0)) + dt.timedelta(seconds=round(minutes * 60))
        return f"{t:%d/%m/%Y %H:%M:%S}"

    tap_makers = [
        lambda r: ([excel(r[0]), *r[1:]], "invalid_nip", False),
        lambda r: ([unknown_nip(), *r[1:]], "unknown_employee", False),
        lambda r: ([r[0], "31/02" + r[1][5:], *r[2:]], "invalid_date", False),
        lambda r: ([r[0], r[1][:6] + str(int(r[1][6:10]) + 6) + r[1][10:], *r[2:]], "implausible_timestamp", False),
        lambda r: ([r[0], r[1], r[2], "JARI", r[4]], "out_of_range", False),
        lambda r: ([r[0][1:], *r[1:]], "invalid_nip", False),
    ]
    for day in workdays:
        rows = []
        masuk, pulang = 7 * 60 + 30, (16 * 60 + 30 if day.weekday() == 4 else 16 * 60)
        for p in staff:
            jenis = on_leave.get((p.nip, day))
            if jenis in ("DINAS_LUAR", "CUTI_SAKIT", "CUTI_TAHUNAN", "CUTI_ALASAN_PENTING") or rng.random() < p.p_absent:
                continue
            mesin = f"{p.unit.kode.split('-', 1)[1]}-01"
            metode = rng.choices(["SIDIK_JARI", "WAJAH", "MOBILE"], [70, 25, 5])[0]
            if rng.random() > 0.01:  # 1% forget to tap in
                arrive = masuk - rng.uniform(2, 35) if rng.random() > p.p_late else masuk + rng.expovariate(1 / 18)
                rows.append([p.nip, tap(day, arrive), mesin, metode, "MASUK"])
                if rng.random() < 0.03:  # the device records the same tap twice
                    rows.append(rows[-1][:])
            if rng.random() > 0.02:  # 2% forget to tap out
                leave = pulang - rng.expovariate(1 / 25) if rng.random() < p.p_early else pulang + rng.uniform(0, 50)
                rows.append([p.nip, tap(day, leave), mesin, metode, "PULANG" if rng.random() > 0.3 else ""])
        rows.sort(key=lambda r: (r[1][11:], r[0]))
        note("kehadiran", _write_csv(out / "kehadiran" / f"{day}.csv", ["nip", "waktu", "mesin_id", "metode", "arah"],
                                     rows, delimiter=";", defects=bad, source="kehadiran", makers=tap_makers))
        if day == workdays[0] and defects:
            # the export a clerk makes by hand: Excel, `;`, Windows-1252, NIPs Excel turned into numbers
            sample = [r for r in rows if r[0] in roster][:6]
            messy = [[r[0], r[1], r[2], "Kantor \u2013 lantai 2"] for r in sample]
            messy.insert(2, [excel(sample[0][0]).replace(".", ","), sample[0][1], sample[0][2], "salah format"])
            messy.insert(5, [excel(sample[1][0]).replace(".", ","), sample[1][1], sample[1][2], "salah format"])
            path = out / "kehadiran" / "excel" / f"rekap_manual_{day}.csv"
            _write_csv(path, ["NIP", "Waktu", "Mesin_ID", "Keterangan"], messy, delimiter=";", encoding="cp1252")
            bad.rows += [{"source": "kehadiran", "file": str(path.relative_to(out)), "line": line, "rule": "invalid_nip"}
                         for line in (4, 7)]
            note("kehadiran", len(messy))

    # tickets: ~1.2 per employee-month, handled by officers of service units; ~10% slow
    officers = [p for p in staff if p.unit.kode in layanan_by_unit and p.jenis_jabatan != "STRUKTURAL"]
    n_tickets = round(len(staff) * 1.2)
    lapor, loket = [], []
    for i in range(n_tickets):
        if not officers or not workdays:
            break
        p = rng.choice(officers)
        code, sla, satuan = rng.choice(layanan_by_unit[p.unit.kode])
        day = rng.choice(workdays)
        created = dt.datetime.combine(day, dt.time(8), tz) + dt.timedelta(minutes=rng.randrange(0, 420))
        slow = rng.random() < 0.10
        unit_minutes = {"HARI_KERJA": 24 * 60 * 1.4, "JAM_KERJA": 60 * 1.6, "JAM": 60, "MENIT": 1}[satuan]
        spent = sla * unit_minutes * (rng.uniform(1.3, 3.0) if slow else rng.uniform(0.05, 0.8))
        resolved = created + dt.timedelta(minutes=spent)
        kanal = rng.choices(["LAPOR", "LOKET", "WHATSAPP", "WEB"], [25, 55, 12, 8])[0]
        tid = f"{'LAPOR' if kanal == 'LAPOR' else kanal[:5]}-{year}{mon:02d}{i:06d}"
        cutoff = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tz)
        done = resolved < cutoff and rng.random() > 0.03
        status = rng.choices(["SELESAI", "DITUTUP"], [85, 15])[0] if done else "DIPROSES"
        if rng.random() < 0.01:
            status = "DITOLAK"
        responded = created + dt.timedelta(minutes=rng.randrange(1, 90))
        resolved = max(resolved, responded + dt.timedelta(minutes=1))  # each version strictly later
        versions = [(created, "BARU", None, 0), (responded, "DIPROSES", None, 0)]
        if status != "DIPROSES":
            versions.append((resolved if status != "DITOLAK" else responded + dt.timedelta(minutes=5), status,
                             resolved if status != "DITOLAK" else None, 1 if rng.random() < 0.04 else 0))
        for when, st, fin, reopen in versions:
            rec = {"tiket_id": tid, "kanal": kanal, "layanan_kode": code, "unit_kode": p.unit.kode, "petugas_nip": p.nip,
                   "dibuat_pada": created.isoformat(), "direspons_pada": responded.isoformat() if st != "BARU" else None,
                   "diselesaikan_pada": fin.isoformat() if fin else None, "status": st,
                   "jumlah_dibuka_kembali": reopen, "diperbarui_pada": when.isoformat()}
            if kanal == "LAPOR":
                lapor.append(rec)
            else:
                loket.append([rec["tiket_id"], kanal, code, p.unit.kode, p.nip, f"{created:%Y-%m-%d %H:%M:%S}",
                              f"{responded:%Y-%m-%d %H:%M:%S}" if st != "BARU" else "",
                              f"{fin:%Y-%m-%d %H:%M:%S}" if fin else "", st, reopen, f"{when:%Y-%m-%d %H:%M:%S}"])
    path = out / "tiket_layanan" / "lapor" / f"lapor_{month}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(r, ensure_ascii=False) for r in lapor]
    if defects and lines:  # an API export cut off mid-record
        at = drng.randrange(len(lines))
        lines.insert(at, lines[at][: len(lines[at]) // 2])
        bad.rows.append({"source": "tiket_layanan", "file": str(path.relative_to(out)), "line": at + 1,
                         "rule": "malformed_record"})
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    note("tiket_layanan", len(lines))

    def earlier(r: list) -> list:
        created = dt.datetime.strptime(r[5], "%Y-%m-%d %H:%M:%S")
        return [r[0] + "-E", *r[1:7], f"{created - dt.timedelta(hours=1):%Y-%m-%d %H:%M:%S}", "SELESAI", r[9], r[10]]

    ticket_makers = [lambda r: (earlier(r), "end_before_start", False),
                     lambda r: ([r[0] + "-U", r[1], r[2], f"{kode}-TIDAKADA", *r[4:]], "unknown_unit", False),
                     lambda r: ([r[0] + "-S", *r[1:8], "SELESAI_SEMUA", *r[9:]], "out_of_range", False),
                     dup]
    note("tiket_layanan", _write_csv(out / "tiket_layanan" / "loket" / f"loket_{month}.csv",
        ["tiket_id", "kanal", "layanan_kode", "unit_kode", "petugas_nip", "dibuat_pada", "direspons_pada",
         "diselesaikan_pada", "status", "jumlah_dibuka_kembali", "diperbarui_pada"], loket,
        defects=bad, source="tiket_layanan", makers=ticket_makers))

    # SKM: ~1 response per employee-month, answers mostly 3-4, some empty answers
    skm = []
    service_units = [u for u in units if u.layanan]
    for i in range(len(staff)):
        u = rng.choice(service_units)
        quality = rng.uniform(-0.6, 0.4)
        answers = []
        for _ in range(9):
            if rng.random() < 0.01:
                answers.append("")
            else:
                answers.append(max(1, min(4, round(3.3 + quality + rng.gauss(0, 0.6)))))
        skm.append([f"SKM-{year}{mon:02d}-{i:06d}", u.kode, rng.choice(layanan_by_unit[u.kode])[0], rng.choice(workdays), *answers,
                    rng.choice("LP"), rng.choice(["SD", "SMP", "SMA", "D3", "S1", "S2"]),
                    rng.choice(["PNS", "Wiraswasta", "Pelajar/Mahasiswa", "Ibu Rumah Tangga", "Petani", "Lainnya"]),
                    rng.choice(["", "", "", "Pelayanan cepat", "Antrian terlalu lama", "Petugas ramah", "Ruang tunggu panas"])])
    note("survei_skm", _write_csv(out / "survei_skm" / f"skm_{month}.csv",
        ["respons_id", "unit_kode", "layanan_kode", "tanggal", *[f"u{i}" for i in range(1, 10)],
         "jenis_kelamin", "pendidikan", "pekerjaan", "saran"], skm, defects=bad, source="survei_skm", makers=[
            lambda r: ([r[0] + "-X", *r[1:6], "5", *r[7:]], "out_of_range", False),
            dup,
            lambda r: ([r[0] + "-U", f"{kode}-TIDAKADA", *r[2:]], "unknown_unit", False),
            lambda r: ([r[0] + "-D", r[1], r[2], f"{year}-02-30", *r[4:]], "invalid_date", False)]))

    # 360 BerAKHLAK: atasan + two rekan + self for most staff (~5 answers per employee-month)
    by_unit: dict[str, list[Pegawai]] = {}
    for p in staff:
        by_unit.setdefault(p.unit.kode, []).append(p)
    perilaku, rid = [], 0
    for p in staff:
        base = rng.uniform(3.2, 4.8)
        raters = []
        if p.atasan:
            raters.append((p.atasan, "ATASAN"))
        peers = [q for q in by_unit[p.unit.kode] if q is not p]
        raters += [(q.nip, "REKAN") for q in rng.sample(peers, min(3, len(peers)))]
        raters.append((p.nip, "DIRI"))
        for penilai, peran in raters:
            rid += 1
            perilaku.append([f"P-{year}{mon:02d}-{rid:07d}", month, p.nip, penilai, peran,
                             *[max(1, min(5, round(base + rng.gauss(0, 0.5) + (0.3 if peran == "DIRI" else 0))))
                               for _ in range(7)]])
    note("survei_perilaku", _write_csv(out / "survei_perilaku" / f"perilaku_{month}.csv",
        ["respons_id", "periode", "pegawai_nip", "penilai_nip", "peran_penilai", "berorientasi_pelayanan", "akuntabel",
         "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif"], perilaku, defects=bad, source="survei_perilaku",
        makers=[lambda r: ([r[0] + "-X", *r[1:5], 6, *r[6:]], "out_of_range", False),
                dup,
                lambda r: ([r[0] + "-N", r[1], unknown_nip(), *r[3:]], "unknown_employee", False)]))

    # SKP realisation: 3 indicators per employee-month
    skp = []
    for p in staff:
        perf = rng.uniform(0.75, 1.2)
        for j, (ind, satuan, arah, jenis) in enumerate([("Jumlah berkas layanan diselesaikan", "berkas", "NAIK", "UTAMA"),
                                                        ("Rata-rata waktu penyelesaian berkas", "menit", "TURUN", "UTAMA"),
                                                        ("Laporan kegiatan bulanan", "laporan", "NAIK", "TAMBAHAN")]):
            target = {"berkas": rng.choice([50, 80, 120, 200]), "menit": rng.choice([30, 45, 60]), "laporan": 1}[satuan]
            if arah == "NAIK":
                real = round(target * perf * rng.uniform(0.9, 1.1)) if satuan != "laporan" else (1 if rng.random() < 0.95 else 0)
            else:
                real = round(target / (perf * rng.uniform(0.9, 1.1)))
            skp.append([p.nip, month, f"IKU-{j + 1:02d}", ind, jenis, target, real, satuan, arah])
    note("skp", _write_csv(out / "skp" / f"skp_{month}.csv",
        ["nip", "periode", "indikator_kode", "indikator", "jenis", "target", "realisasi", "satuan", "arah"], skp,
        defects=bad, source="skp", makers=[
            lambda r: ([r[0], r[1], "IKU-X1", r[3], r[4], -5, *r[6:]], "out_of_range", False),
            dup,
            lambda r: ([excel(r[0]), r[1], "IKU-X2", *r[3:]], "invalid_nip", False)]))

    bad.bad_file("kehadiran", out / "kehadiran" / "rusak" / f"kosong_{month}.csv", b"", "empty")
    bad.bad_file("cuti", out / "cuti" / "rusak" / f"cuti_tanpa_kolom_{month}.csv",
                 b"nomor,nip,jenis,status\n800/1/X/2026,199002112015032001,IZIN,DISETUJUI\n", "required column")
    bad.bad_file("tiket_layanan", out / "tiket_layanan" / "rusak" / f"export_{month}.xlsx",
                 b"PK\x03\x04" + bytes(drng.randrange(256) for _ in range(512)), "not a readable .xlsx")

    manifest = {"scale": scale, "month": month, "seed": seed, "instansi_kode": kode, "zona_waktu": zona,
                "workdays": len(workdays), "sources": counts, "defect_rate": DEFECT_RATE if defects else 0,
                "defects": bad.rows, "rejected_files": bad.files}
    (out / "_manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n")
    return manifest
