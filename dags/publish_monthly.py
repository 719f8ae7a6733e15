"""Monthly publication: freeze last month into `laporan` for every instansi, then render its
inspectorate reports (XLSX and PDF under $KINERJA_HOME/laporan/<month>).

Scheduled at 03:00 Jakarta on the day after the grace period for late files
(KINERJA_PUBLISH_GRACE_DAYS, default 5: the 6th). Trigger it with `{"month": "YYYY-MM"}` for any
past month: unchanged data creates nothing, data changed since the last revision creates revision
n + 1 with its change list (late files loaded after a publication are published this way).
"""

from __future__ import annotations

import logging

import pendulum
from airflow.sdk import CronTriggerTimetable, Param, dag, get_current_context, task

from kinerja.core import config
from kinerja.publish import jadwal
from kinerja.run.notify import on_failure

log = logging.getLogger("kinerja")


@dag(
    dag_id="publish_monthly",
    schedule=CronTriggerTimetable(jadwal.cron(), timezone="Asia/Jakarta"),
    catchup=False,
    max_active_runs=1,
    tags=["kinerja", "laporan"],
    params={"month": Param("", type="string", description="YYYY-MM; empty: the month before the run")},
    default_args={"retries": 2, "retry_delay": pendulum.duration(seconds=30), "on_failure_callback": on_failure},
    on_failure_callback=on_failure,
    doc_md=__doc__,
)
def publish_monthly():
    @task
    def terbitkan() -> str:
        """Publish the month for every instansi with scored rows; returns the month."""
        from kinerja.publish.publikasi import publish

        ctx = get_current_context()
        month = jadwal.bulan_terbit(ctx["params"].get("month"), ctx["dag_run"].run_after)
        for p in publish(month):
            state = "revisi baru" if p.baru else "tidak berubah"
            log.info("%s: %s (%d pegawai, %d perubahan)", p.publikasi_id, state, p.jumlah_baris, p.perubahan)
        return month

    @task
    def render(month: str) -> list[str]:
        """The XLSX and PDF of every instansi's latest revision."""
        from kinerja.report.berkas import render as render_reports

        paths = render_reports(month, config.home() / "laporan" / month)
        for path in paths:
            log.info("laporan: %s", path)
        return [str(p) for p in paths]

    render(terbitkan())


publish_monthly()
