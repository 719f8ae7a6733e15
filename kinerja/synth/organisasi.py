"""The synthetic organisation: an instansi's units (offices, puskesmas, kecamatan, bidang), its
employees with valid NIPs and Indonesian names and habits (a few habitual late-comers and
absentees), and the workdays of a month under the national calendar."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import random
from dataclasses import dataclass

import holidays

FIRST_M = [
    "Ahmad",
    "Budi",
    "Fajar",
    "Rizky",
    "Muhammad",
    "Agus",
    "Hendra",
    "Dedi",
    "Andi",
    "Bambang",
    "Yusuf",
    "Irfan",
    "Taufik",
    "Arif",
    "Eko",
    "Joko",
    "Rahmat",
    "Hadi",
    "Syahrul",
    "Ilham",
    "Bayu",
    "Dimas",
    "Reza",
]
FIRST_F = [
    "Dewi",
    "Putri",
    "Rina",
    "Sri",
    "Siti",
    "Nur",
    "Ayu",
    "Fitri",
    "Indah",
    "Lestari",
    "Wulan",
    "Ratna",
    "Yuni",
    "Maya",
    "Rahmawati",
    "Nadia",
    "Intan",
    "Suryani",
    "Eka",
    "Mega",
    "Annisa",
    "Dian",
    "Novi",
]
MIDDLE = ["", "", "", "Ayu", "Nur", "Dwi", "Tri", "Sri", "Indra", "Wahyu", "Putra", "Kurnia", "Ramadhan", "Marlina"]
FAMILY = [
    "Nasution",
    "Siregar",
    "Harahap",
    "Lubis",
    "Sitepu",
    "Ginting",
    "Tarigan",
    "Simanjuntak",
    "Hasibuan",
    "Pohan",
    "Damanik",
    "Saragih",
    "Sembiring",
    "Purba",
    "",
    "",
    "",
    "",
    "Santoso",
    "Wijaya",
    "Saputra",
    "Hidayat",
    "Kurniawan",
    "Pratama",
    "Setiawan",
    "Rahman",
]
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
    "DKP": [
        ("KTP-EL", "Penerbitan KTP Elektronik", 1, "HARI_KERJA"),
        ("KK", "Penerbitan Kartu Keluarga", 1, "HARI_KERJA"),
        ("AKTA-LHR", "Penerbitan Akta Kelahiran", 3, "HARI_KERJA"),
    ],
    "DPMPTSP": [
        ("PBG", "Persetujuan Bangunan Gedung", 14, "HARI_KERJA"),
        ("NIB", "Nomor Induk Berusaha", 4, "JAM_KERJA"),
    ],
    "BAPENDA": [("PBB", "Pelayanan PBB-P2", 3, "HARI_KERJA"), ("BPHTB", "Validasi BPHTB", 8, "JAM_KERJA")],
    "DINSOS": [("DTKS", "Pendaftaran DTKS", 5, "HARI_KERJA")],
    "DISHUB": [("KIR", "Uji Berkala Kendaraan", 2, "JAM"), ("PARKIR", "Izin Parkir", 3, "HARI_KERJA")],
    "PKM": [("POLI", "Pelayanan Poli Umum", 90, "MENIT"), ("SKS", "Surat Keterangan Sehat", 60, "MENIT")],
    "KEC": [
        ("SKTM", "Surat Keterangan Tidak Mampu", 1, "HARI_KERJA"),
        ("DOMISILI", "Surat Keterangan Domisili", 1, "HARI_KERJA"),
    ],
}
JABATAN_PELAKSANA = [
    "Pengadministrasi Perkantoran",
    "Operator Layanan Operasional",
    "Pengelola Layanan Operasional",
    "Penata Layanan Operasional",
    "Pengolah Data dan Informasi",
    "Arsiparis Terampil",
]
JABATAN_FUNGSIONAL = [
    "Analis Kebijakan Ahli Muda",
    "Pranata Komputer Ahli Pertama",
    "Perawat Ahli Pertama",
    "Bidan Terampil",
    "Dokter Ahli Pertama",
    "Analis SDM Aparatur Ahli Muda",
]
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


def make_units(rng: random.Random, n: int, instansi: str, kota: str) -> list[Unit]:
    units: list[Unit] = []
    pool = list(UNIT_NAMES)
    i = 0
    while len(units) < n:
        if i < len(pool):
            code, name, service = pool[i]
            units.append(
                Unit(
                    f"{instansi}-{code}",
                    name,
                    None,
                    code if service else None,
                    rng.randrange(20_000, 60_000) if service else None,
                )
            )
        else:
            k = i - len(pool)
            kind = k % 3
            if kind == 0:
                units.append(
                    Unit(
                        f"{instansi}-PKM{k // 3 + 1:02d}",
                        f"UPTD Puskesmas {kota} {k // 3 + 1}",
                        f"{instansi}-DINKES",
                        "PKM",
                        rng.randrange(8_000, 25_000),
                    )
                )
            elif kind == 1:
                units.append(
                    Unit(
                        f"{instansi}-KEC{k // 3 + 1:02d}",
                        f"Kecamatan {kota} {['Kota', 'Utara', 'Timur', 'Selatan', 'Barat', 'Tengah'][k // 3 % 6]}"
                        + ("" if k // 3 < 6 else f" {k // 3 - 5}"),
                        None,
                        "KEC",
                        rng.randrange(10_000, 40_000),
                    )
                )
            else:
                parent = units[(k // 3) % min(len(pool), len(units))]
                bidang = ["Pelayanan", "Umum dan Kepegawaian", "Perencanaan", "Data dan Informasi"][k // 3 % 4]
                units.append(
                    Unit(
                        f"{parent.kode}-B{k // 3 + 1:02d}",
                        f"Bidang {bidang} {parent.nama.split(' ', 1)[1]}",
                        parent.kode,
                        None,
                        None,
                    )
                )
        i += 1
    return units[:n]


def make_nip(rng: random.Random, used: set[str], pppk: bool, slot: int = 0, slots: int = 1) -> tuple[str, str]:
    """A valid NIP not in `used`. With several instansi generated apart, each draws birth dates
    from its own residue class (`slot` of `slots` days), so no two instansi share a NIP without
    one of them knowing the other's roster."""
    while True:
        birth = dt.date(1966, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 34 // slots) * slots + slot)
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


def make_staff(rng: random.Random, n: int, units: list[Unit], slot: int = 0, slots: int = 1) -> list[Pegawai]:
    used: set[str] = set()
    staff: list[Pegawai] = []
    heads: dict[str, str] = {}
    for u in units:  # one head per unit first
        nip, sex = make_nip(rng, used, False, slot, slots)
        atasan = heads.get(u.induk) if u.induk else None
        p = Pegawai(
            nip,
            _nama(rng, sex),
            "PNS",
            u,
            "Kepala " + u.nama.split(" ")[0],
            "STRUKTURAL",
            atasan,
            rng.choice(["IV/a", "IV/b", "IV/c"]),
            0.05,
            0.05,
            0.005,
        )
        heads[u.kode] = nip
        staff.append(p)
    # cumulative once: choices() with plain weights sums them on every call (40,000 units nationally)
    cum = list(itertools.accumulate(3 if u.layanan else 1 for u in units))
    while len(staff) < n:
        u = rng.choices(units, cum_weights=cum)[0]
        pppk = rng.random() < 0.15
        nip, sex = make_nip(rng, used, pppk, slot, slots)
        fungsional = rng.random() < 0.3
        # a few habitual late-comers and absentees, most people punctual
        habit = rng.random()
        p_late = 0.6 if habit < 0.05 else (0.2 if habit < 0.25 else 0.04)
        p_absent = 0.12 if habit < 0.02 else 0.01
        staff.append(
            Pegawai(
                nip,
                _nama(rng, sex),
                "PPPK" if pppk else "PNS",
                u,
                rng.choice(JABATAN_FUNGSIONAL if fungsional else JABATAN_PELAKSANA),
                "FUNGSIONAL" if fungsional else "PELAKSANA",
                heads[u.kode],
                rng.choice(["IX", "VII", "V"])
                if pppk
                else rng.choice(["II/b", "II/c", "III/a", "III/b", "III/c", "III/d"]),
                p_late,
                p_late * 0.6,
                p_absent,
            )
        )
    return staff[:n]


def workdays(year: int, month: int, zona_extra: set[dt.date]) -> list[dt.date]:
    libur = holidays.country_holidays("ID", years=year, categories=("public", "government"))
    days = []
    for d in range(1, calendar.monthrange(year, month)[1] + 1):
        day = dt.date(year, month, d)
        if day.weekday() < 5 and day not in libur and day not in zona_extra:
            days.append(day)
    return days
