"""The defects real exports have, injected at a known rate and listed in the manifest with the rule
that must quarantine each (bar R1). Each defect is a named function of a good row returning
(bad row, rule, whether it must come after the good row); a good row is never damaged, so every
good row must still load."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .organisasi import make_nip

DEFECT_RATE = 0.005
Maker = Callable[[list], tuple[list, str, bool]]


def excel_number(nip: str) -> str:
    """What Excel shows for an 18-digit number: the NIP is lost."""
    return f"{float(nip):.5E}"


def duplicate(r: list) -> tuple[list, str, bool]:
    return list(r), "duplicate_key", True


@dataclass
class DefectMakers:
    """The defects of one generated month; some need its context (instansi, year, roster)."""

    kode: str
    year: int
    mon: int
    roster: set[str]
    rng: random.Random  # the defect stream, apart from the data's, so data stays the same with or without
    slot: int = 0  # with several instansi: the NIP slot no roster draws from (organisasi.make_nip)
    slots: int = 1

    def unknown_nip(self) -> str:
        if self.slots == 1:
            return make_nip(self.rng, set(self.roster), False)[0]
        return make_nip(self.rng, set(), False, self.slot, self.slots)[0]

    def unit_zona_salah(self, r: list) -> tuple[list, str, bool]:
        return [r[0] + "-X", r[1] + " (salah)", *r[2:5], "WITT", *r[6:]], "out_of_range", False

    def nip_bulan_13(self, r: list) -> tuple[list, str, bool]:
        return [r[0][:4] + "13" + r[0][6:], *r[1:]], "invalid_nip", False

    def pegawai_unit_tidak_ada(self, r: list) -> tuple[list, str, bool]:
        return [self.unknown_nip(), r[1], r[2], f"{self.kode}-TIDAKADA", *r[4:]], "unknown_unit", False

    def pegawai_status_salah(self, r: list) -> tuple[list, str, bool]:
        return [self.unknown_nip(), *r[1:8], "CUTI", r[9]], "out_of_range", False

    def jadwal_pulang_sebelum_masuk(self, r: list) -> tuple[list, str, bool]:
        return [r[0], "", r[2], "", 6, "16:00", "07:30", "salah input jam"], "end_before_start", False

    def libur_30_februari(self, r: list) -> tuple[list, str, bool]:
        return [f"{self.year}-02-30", "LIBUR_DAERAH", self.kode, "tanggal salah ketik"], "invalid_date", False

    def layanan_satuan_salah(self, r: list) -> tuple[list, str, bool]:
        return [r[0] + "-X", *r[1:4], "HARI", r[5]], "out_of_range", False

    def cuti_selesai_sebelum_mulai(self, r: list) -> tuple[list, str, bool]:
        return (
            [r[0] + "-B", r[1], r[2], f"{self.year}-{self.mon:02d}-20", f"{self.year}-{self.mon:02d}-10", r[5], r[6]],
            "end_before_start",
            False,
        )

    def cuti_jenis_salah(self, r: list) -> tuple[list, str, bool]:
        return [r[0] + "-J", r[1], "CUTI_LIBURAN", *r[3:]], "out_of_range", False

    def cuti_pegawai_tidak_dikenal(self, r: list) -> tuple[list, str, bool]:
        return [r[0] + "-N", self.unknown_nip(), *r[2:]], "unknown_employee", False

    def tap_nip_excel(self, r: list) -> tuple[list, str, bool]:
        return [excel_number(r[0]), *r[1:]], "invalid_nip", False

    def tap_pegawai_tidak_dikenal(self, r: list) -> tuple[list, str, bool]:
        return [self.unknown_nip(), *r[1:]], "unknown_employee", False

    def tap_31_februari(self, r: list) -> tuple[list, str, bool]:
        return [r[0], "31/02" + r[1][5:], *r[2:]], "invalid_date", False

    def tap_tahun_salah(self, r: list) -> tuple[list, str, bool]:
        return [r[0], r[1][:6] + str(int(r[1][6:10]) + 6) + r[1][10:], *r[2:]], "implausible_timestamp", False

    def tap_metode_salah(self, r: list) -> tuple[list, str, bool]:
        return [r[0], r[1], r[2], "JARI", r[4]], "out_of_range", False

    def tap_nip_terpotong(self, r: list) -> tuple[list, str, bool]:
        return [r[0][1:], *r[1:]], "invalid_nip", False

    def tiket_selesai_sebelum_dibuat(self, r: list) -> tuple[list, str, bool]:
        created = dt.datetime.strptime(r[5], "%Y-%m-%d %H:%M:%S")
        return (
            [r[0] + "-E", *r[1:7], f"{created - dt.timedelta(hours=1):%Y-%m-%d %H:%M:%S}", "SELESAI", r[9], r[10]],
            "end_before_start",
            False,
        )

    def tiket_unit_tidak_ada(self, r: list) -> tuple[list, str, bool]:
        return [r[0] + "-U", r[1], r[2], f"{self.kode}-TIDAKADA", *r[4:]], "unknown_unit", False

    def tiket_status_salah(self, r: list) -> tuple[list, str, bool]:
        return [r[0] + "-S", *r[1:8], "SELESAI_SEMUA", *r[9:]], "out_of_range", False

    def skm_jawaban_5(self, r: list) -> tuple[list, str, bool]:
        return [r[0] + "-X", *r[1:6], "5", *r[7:]], "out_of_range", False

    def skm_unit_tidak_ada(self, r: list) -> tuple[list, str, bool]:
        return [r[0] + "-U", f"{self.kode}-TIDAKADA", *r[2:]], "unknown_unit", False

    def skm_30_februari(self, r: list) -> tuple[list, str, bool]:
        return [r[0] + "-D", r[1], r[2], f"{self.year}-02-30", *r[4:]], "invalid_date", False

    def perilaku_nilai_6(self, r: list) -> tuple[list, str, bool]:
        return [r[0] + "-X", *r[1:5], 6, *r[6:]], "out_of_range", False

    def perilaku_pegawai_tidak_dikenal(self, r: list) -> tuple[list, str, bool]:
        return [r[0] + "-N", r[1], self.unknown_nip(), *r[3:]], "unknown_employee", False

    def skp_target_negatif(self, r: list) -> tuple[list, str, bool]:
        return [r[0], r[1], "IKU-X1", r[3], r[4], -5, *r[6:]], "out_of_range", False

    def skp_nip_excel(self, r: list) -> tuple[list, str, bool]:
        return [excel_number(r[0]), r[1], "IKU-X2", *r[3:]], "invalid_nip", False

    def of(self, source: str) -> list[Maker]:
        """The defects of a source, injected in turn."""
        return {
            "unit_kerja": [self.unit_zona_salah],
            "pegawai": [self.nip_bulan_13, self.pegawai_unit_tidak_ada, self.pegawai_status_salah, duplicate],
            "jadwal_kerja": [self.jadwal_pulang_sebelum_masuk],
            "hari_libur": [self.libur_30_februari],
            "layanan": [self.layanan_satuan_salah],
            "cuti": [
                self.cuti_selesai_sebelum_mulai,
                self.cuti_jenis_salah,
                self.cuti_pegawai_tidak_dikenal,
                duplicate,
            ],
            "kehadiran": [
                self.tap_nip_excel,
                self.tap_pegawai_tidak_dikenal,
                self.tap_31_februari,
                self.tap_tahun_salah,
                self.tap_metode_salah,
                self.tap_nip_terpotong,
            ],
            "tiket_layanan": [
                self.tiket_selesai_sebelum_dibuat,
                self.tiket_unit_tidak_ada,
                self.tiket_status_salah,
                duplicate,
            ],
            "survei_skm": [self.skm_jawaban_5, duplicate, self.skm_unit_tidak_ada, self.skm_30_februari],
            "survei_perilaku": [self.perilaku_nilai_6, duplicate, self.perilaku_pegawai_tidak_dikenal],
            "skp": [self.skp_target_negatif, duplicate, self.skp_nip_excel],
        }[source]


@dataclass
class Defects:
    """Injects defects as extra rows at random places and remembers where: the manifest lists each
    defect with the rule that must quarantine it, and each unreadable file with its reason."""

    makers: DefectMakers
    out: Path
    enabled: bool
    rows: list[dict] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)
    turn: dict[str, int] = field(default_factory=dict)

    @property
    def rng(self) -> random.Random:
        return self.makers.rng

    def inject(self, source: str, path: Path, rows: list[list], minimum: int = 1) -> list[list]:
        makers = self.makers.of(source)
        if not self.enabled or not rows:
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

    def listed(self, source: str, path: Path, lines: list[int], rule: str) -> None:
        """Defective lines a writer made itself (a hand-made Excel export, a cut-off record)."""
        self.rows += [
            {"source": source, "file": str(path.relative_to(self.out)), "line": line, "rule": rule} for line in lines
        ]

    def bad_file(self, source: str, path: Path, content: bytes, reason: str) -> None:
        if not self.enabled:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.files.append(
            {"source": source, "file": str(path.relative_to(self.out)), "status": "REJECTED", "reason": reason}
        )

    def unreadable_files(self, month: str) -> None:
        """Three files no loader can read: empty, a required column missing, a damaged workbook."""
        self.bad_file("kehadiran", self.out / "kehadiran" / "rusak" / f"kosong_{month}.csv", b"", "empty")
        self.bad_file(
            "cuti",
            self.out / "cuti" / "rusak" / f"cuti_tanpa_kolom_{month}.csv",
            b"nomor,nip,jenis,status\n800/1/X/2026,199002112015032001,IZIN,DISETUJUI\n",
            "required column",
        )
        self.bad_file(
            "tiket_layanan",
            self.out / "tiket_layanan" / "rusak" / f"export_{month}.xlsx",
            b"PK\x03\x04" + bytes(self.rng.randrange(256) for _ in range(512)),
            "not a readable .xlsx",
        )
