"""The instansi of each scale: one city, a province's worth of local governments (Kalimantan
Tengah in WIB and Kalimantan Selatan in WITA), or all of Indonesia's (38 provinces and their
kabupaten/kota over WIB, WITA and WIT). Sizes follow a realistic spread (a few large governments,
many small ones) drawn from the seed, and add up exactly to the scale's employees and units."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Instansi:
    kode: str
    nama: str
    zona: str
    kota: str  # the seat, used in unit names (Puskesmas <kota> 3, Kecamatan <kota> Utara)
    pegawai: int
    units: int


# province code, name, zone, kabupaten/kota count (real counts; their sum is 514)
PROVINSI = [
    ("11", "Aceh", "WIB", 23),
    ("12", "Sumatera Utara", "WIB", 33),
    ("13", "Sumatera Barat", "WIB", 19),
    ("14", "Riau", "WIB", 12),
    ("15", "Jambi", "WIB", 11),
    ("16", "Sumatera Selatan", "WIB", 17),
    ("17", "Bengkulu", "WIB", 10),
    ("18", "Lampung", "WIB", 15),
    ("19", "Kepulauan Bangka Belitung", "WIB", 7),
    ("21", "Kepulauan Riau", "WIB", 7),
    ("31", "DKI Jakarta", "WIB", 6),
    ("32", "Jawa Barat", "WIB", 27),
    ("33", "Jawa Tengah", "WIB", 35),
    ("34", "DI Yogyakarta", "WIB", 5),
    ("35", "Jawa Timur", "WIB", 38),
    ("36", "Banten", "WIB", 8),
    ("51", "Bali", "WITA", 9),
    ("52", "Nusa Tenggara Barat", "WITA", 10),
    ("53", "Nusa Tenggara Timur", "WITA", 22),
    ("61", "Kalimantan Barat", "WIB", 14),
    ("62", "Kalimantan Tengah", "WIB", 14),
    ("63", "Kalimantan Selatan", "WITA", 13),
    ("64", "Kalimantan Timur", "WITA", 10),
    ("65", "Kalimantan Utara", "WITA", 5),
    ("71", "Sulawesi Utara", "WITA", 15),
    ("72", "Sulawesi Tengah", "WITA", 13),
    ("73", "Sulawesi Selatan", "WITA", 24),
    ("74", "Sulawesi Tenggara", "WITA", 17),
    ("75", "Gorontalo", "WITA", 6),
    ("76", "Sulawesi Barat", "WITA", 6),
    ("81", "Maluku", "WIT", 11),
    ("82", "Maluku Utara", "WIT", 10),
    ("91", "Papua", "WIT", 9),
    ("92", "Papua Barat", "WIT", 7),
    ("93", "Papua Selatan", "WIT", 4),
    ("94", "Papua Tengah", "WIT", 8),
    ("95", "Papua Pegunungan", "WIT", 8),
    ("96", "Papua Barat Daya", "WIT", 6),
]

# the province scale's kabupaten/kota, by name (kota last, coded 71+ as in Kemendagri's codes)
IBU_KOTA = {"62": "Palangka Raya", "63": "Banjarmasin"}
KALIMANTAN = {
    "62": (
        ["Kotawaringin Barat", "Kotawaringin Timur", "Kapuas", "Barito Selatan", "Barito Utara", "Sukamara"]
        + ["Lamandau", "Seruyan", "Katingan", "Pulang Pisau", "Gunung Mas", "Barito Timur"],
        ["Palangka Raya"],
    ),
    "63": (
        ["Tanah Laut", "Kotabaru", "Banjar", "Barito Kuala", "Tapin", "Hulu Sungai Selatan"]
        + ["Hulu Sungai Tengah", "Tabalong"],
        ["Banjarmasin", "Banjarbaru"],
    ),
}

# seats for the national scale's generated kabupaten names (the real ones are not needed to measure)
SEATS = [
    "Binjai", "Sibolga", "Bulungan", "Tebing Tinggi", "Padang Sidempuan", "Pematangsiantar",
    "Tanjung Balai", "Langsa", "Bireuen", "Solok", "Payakumbuh", "Dumai", "Bengkalis", "Muara Bungo",
    "Lahat", "Prabumulih", "Curup", "Metro", "Pringsewu", "Sungailiat", "Tanjung Pinang", "Cianjur",
    "Garut", "Tasikmalaya", "Cirebon", "Kudus", "Pati", "Klaten", "Wonosobo", "Sleman", "Kediri",
    "Blitar", "Jember", "Banyuwangi", "Pandeglang", "Gianyar", "Tabanan", "Bima", "Sumbawa", "Ende",
    "Maumere", "Ketapang", "Sintang", "Sampit", "Martapura", "Tenggarong", "Tarakan", "Bitung",
    "Tomohon", "Palu", "Poso", "Parepare", "Palopo", "Kendari", "Baubau", "Limboto", "Mamuju",
    "Tual", "Ternate", "Tidore", "Jayapura", "Manokwari", "Merauke", "Nabire", "Wamena", "Sorong",
]  # fmt: skip


def _spread(rng: random.Random, total: int, n: int, minimum: int, sigma: float = 0.6) -> list[int]:
    """n sizes, log-normally spread, each at least `minimum`, adding up to `total` exactly."""
    weights = [math.exp(rng.gauss(0, sigma)) for _ in range(n)]
    free = total - minimum * n
    sizes = [minimum + math.floor(free * w / sum(weights)) for w in weights]
    for k in sorted(range(n), key=lambda i: -weights[i])[: total - sum(sizes)]:
        sizes[k] += 1  # the rounding remainder to the largest
    return sizes


def _sized(rng: random.Random, names: list[tuple[str, str, str, str]], pegawai: int, units: int) -> list[Instansi]:
    staff = _spread(rng, pegawai, len(names), max(30, pegawai // len(names) // 20))
    # units follow staff (about one unit per 120 employees), at least the ten offices of a government
    unit_counts = [max(12, round(units * s / pegawai)) for s in staff]
    unit_counts[unit_counts.index(max(unit_counts))] += units - sum(unit_counts)
    return [Instansi(k, n, z, c, s, u) for (k, n, z, c), s, u in zip(names, staff, unit_counts, strict=True)]


def province(seed: int, pegawai: int, units: int) -> list[Instansi]:
    """Two provincial governments and 23 kabupaten/kota of Kalimantan Tengah (WIB) and Selatan (WITA)."""
    names = []
    for kode, nama, zona, _ in (p for p in PROVINSI if p[0] in KALIMANTAN):
        names.append((kode, f"Pemerintah Provinsi {nama}", zona, IBU_KOTA[kode]))
        kabupaten, kota = KALIMANTAN[kode]
        names += [(f"{kode}{i:02d}", f"Pemerintah Kabupaten {k}", zona, k) for i, k in enumerate(kabupaten, 1)]
        names += [(f"{kode}{70 + i:02d}", f"Pemerintah Kota {k}", zona, k) for i, k in enumerate(kota, 1)]
    return _sized(random.Random(f"{seed}-province-sebaran"), names, pegawai, units)


def national(seed: int, pegawai: int, units: int, instansi: int) -> list[Instansi]:
    """The 38 provincial governments and kabupaten/kota in proportion to each province's real count,
    `instansi` in all, over the three time zones. Fewer instansi than provinces (a test's small
    country): provinces spread over the list, so every zone is still there."""
    if instansi <= len(PROVINSI):
        picked = [PROVINSI[round(k * (len(PROVINSI) - 1) / max(1, instansi - 1))] for k in range(instansi)]
        names = [(kode, f"Pemerintah Provinsi {nama}", zona, nama) for kode, nama, zona, _ in picked]
        return _sized(random.Random(f"{seed}-national-sebaran"), names, pegawai, units)
    kab_total = sum(p[3] for p in PROVINSI)
    want = instansi - len(PROVINSI)
    counts = [math.floor(want * p[3] / kab_total) for p in PROVINSI]
    for k in sorted(range(len(PROVINSI)), key=lambda i: -PROVINSI[i][3])[: want - sum(counts)]:
        counts[k] += 1
    names, seat = [], 0
    for (kode, nama, zona, _), n in zip(PROVINSI, counts, strict=True):
        names.append((kode, f"Pemerintah Provinsi {nama}", zona, nama))
        n_kota = max(1, n // 5)  # about one in five is a kota, coded from 71 as Kemendagri does
        for i in range(1, n + 1):
            town = SEATS[seat % len(SEATS)] + ("" if seat < len(SEATS) else f" {seat // len(SEATS) + 1}")
            seat += 1
            if i > n - n_kota:
                names.append((f"{kode}{70 + i - (n - n_kota):02d}", f"Pemerintah Kota {town}", zona, town))
            else:
                names.append((f"{kode}{i:02d}", f"Pemerintah Kabupaten {town}", zona, town))
    return _sized(random.Random(f"{seed}-national-sebaran"), names, pegawai, units)
