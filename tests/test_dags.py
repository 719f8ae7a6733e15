"""The DAG folder imports cleanly, with no network or database I/O at import time."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from kinerja.core import config
from kinerja.stack.processes import environment

PROBE = textwrap.dedent("""
    import json, socket
    import psycopg

    def refuse(*args, **kwargs):
        raise RuntimeError("I/O at DAG import time")

    socket.socket.connect = refuse
    psycopg.connect = refuse

    from airflow.models.dagbag import DagBag

    bag = DagBag(dag_folder=%r)
    print("RESULT" + json.dumps({
        "errors": {k: str(v)[-500:] for k, v in bag.import_errors.items()},
        "dags": {d.dag_id: {"tasks": len(d.tasks), "schedule": type(d.timetable).__name__ + " " + str(d.timetable.serialize() if hasattr(d.timetable, "serialize") else d.timetable),
                            "outlets": sorted(str(o.name) for t in d.tasks for o in t.outlets if hasattr(o, "name"))}
                 for d in bag.dags.values()},
    }))
""")


def test_dagbag_imports_without_io(fresh_db, kinerja_home):
    env = environment()
    proc = subprocess.run(
        [sys.executable, "-c", PROBE % str(config.DAGS_DIR)], env=env, capture_output=True, text=True, timeout=300
    )
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT")), None)
    assert line, proc.stderr[-3000:]
    result = json.loads(line[len("RESULT") :])
    assert result["errors"] == {}
    dags = result["dags"]
    assert set(dags) == {
        "ingest_referensi",
        "ingest_kehadiran",
        "ingest_layanan",
        "ingest_kinerja",
        "transform_warehouse",
        "publish_monthly",
    }
    for family in ("referensi", "kehadiran", "layanan", "kinerja"):
        assert dags[f"ingest_{family}"]["outlets"] == [f"kinerja_raw_{family}"]
        assert ("30 0 * * *" if family == "referensi" else "0 1 * * *") in dags[f"ingest_{family}"]["schedule"]
    # the plan, one dbt build per layer (tests after each model), the commit of the window
    assert dags["transform_warehouse"]["tasks"] == 5
    assert all(dags[f"ingest_{f}"]["tasks"] == 2 for f in ("referensi", "kehadiran", "layanan", "kinerja"))
    assert "asset" in dags["transform_warehouse"]["schedule"].lower()
    # publish, then render; on the 6th (the default 5 days of grace after the month's end)
    assert dags["publish_monthly"]["tasks"] == 2 and "0 3 6 * *" in dags["publish_monthly"]["schedule"]
