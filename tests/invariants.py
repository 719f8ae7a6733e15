"""Invariants every built month must satisfy, whatever the data: shared by the end-to-end tests
on generated months (tiny through Airflow, city through dbt)."""

from __future__ import annotations

from conftest import query


def check_invariants(url: str) -> None:
    """What must hold on any generated month, whatever the data (issue 4, scoring.md §3, §8, §9)."""
    # the monthly discipline days are the daily rows, and their statuses add up
    assert query(
        url,
        """select count(*) from marts.fct_disiplin_bulanan d
                           full join (select nip, date_trunc('month', tanggal)::date as periode, count(*) as hari
                                        from marts.fct_kehadiran_harian group by 1, 2) h using (nip, periode)
                          where d.hari_kerja is distinct from h.hari
                             or hari_kerja <> hari_hadir + hari_tk + hari_cuti + hari_dinas_luar + hari_izin
                                + hari_tugas_belajar""",
    ) == [(0,)]
    # predikat is null exactly when a rating is null; no rating is invented
    assert query(
        url,
        """select count(*) from marts.fct_kinerja_pegawai_bulanan
                          where (predikat_kinerja is null) <> (rating_hasil_kerja is null or rating_perilaku_kerja is null)
                             or data_lengkap <> (predikat_kinerja is not null)""",
    ) == [(0,)]
    # the unit table counts every employee-month once, and its attendance is the daily rows'
    in_units, employees = query(
        url,
        """select (select sum(jumlah_pegawai) from marts.fct_kinerja_unit_bulanan),
                                               (select count(*) from marts.fct_kinerja_pegawai_bulanan)""",
    )[0]
    assert in_units == employees > 0
    assert query(
        url,
        """select count(*) from marts.fct_kinerja_unit_bulanan u
                           join (select unit_kode, date_trunc('month', tanggal)::date as periode,
                                        round(100.0 * count(*) filter (where status_kehadiran in ('HADIR', 'DINAS_LUAR'))
                                              / count(*), 2) as persen
                                   from marts.fct_kehadiran_harian group by 1, 2) h using (unit_kode, periode)
                          where u.persen_kehadiran is distinct from h.persen""",
    ) == [(0,)]
    predikat = dict(query(url, "select predikat_kinerja, count(*) from marts.fct_kinerja_pegawai_bulanan group by 1"))
    units = query(
        url,
        """select sum(jumlah_sangat_baik), sum(jumlah_baik), sum(jumlah_butuh_perbaikan), sum(jumlah_kurang),
                                 sum(jumlah_sangat_kurang), sum(jumlah_tanpa_predikat) from marts.fct_kinerja_unit_bulanan""",
    )[0]
    assert tuple(units) == tuple(
        predikat.get(k, 0)
        for k in ("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang", None)
    )
