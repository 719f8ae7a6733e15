"""The compose file and the local stack share one definition of the environment: every variable
the code reads is set by compose or has a default, what derives from the warehouse URL is derived
for compose exactly as for `kinerja stack`, and every service's command exists."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from kinerja.cli.main import app
from kinerja.core import env

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
AIRFLOW_SERVICES = [name for name in COMPOSE["services"] if name.startswith("airflow-")]
KINERJA_SERVICES = [name for name in COMPOSE["services"] if name.startswith("kinerja-")]


def _substitute(value: str) -> str:
    """${VAR:?msg} / ${VAR:-default} as compose would, with a placeholder for required secrets."""
    return re.sub(
        r"\$\{(\w+)(:[?-])?([^}]*)\}", lambda m: m.group(3) if m.group(2) == ":-" else f"test-{m.group(1)}", value
    )


def compose_env(service: str) -> dict[str, str]:
    spec = COMPOSE["services"][service]
    found: dict[str, str] = {}
    for path in spec.get("env_file", []):
        found.update(env.shared() if (ROOT / path) == env.ENV_FILE else {})
    found.update({k: _substitute(str(v)) for k, v in (spec.get("environment") or {}).items()})
    return found


def code_reads() -> set[str]:
    """Every environment variable the project's code and dbt project read."""
    names = set()
    for folder in ("kinerja", "ingestion", "expectations", "dags", "dbt_project"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".sql", ".yml") and "target" not in path.parts:
                text = path.read_text(errors="ignore")
                names |= set(re.findall(r"os\.environ(?:\.get)?\(?\[?\"(KINERJA_\w+)\"", text))
                names |= set(re.findall(r"env_var\('(KINERJA_\w+)'", text))
    return names


def test_every_variable_the_code_reads_is_known():
    assert code_reads() <= set(env.READ), code_reads() - set(env.READ)


def test_compose_sets_or_defaults_every_variable(tmp_path, monkeypatch):
    for service in AIRFLOW_SERVICES:
        environ = compose_env(service)
        unset_required = [k for k, default in env.READ.items() if default is None and k not in environ]
        # the only required ones compose leaves unset are dbt's, derived from the URL by `kinerja stack exec`
        assert all(k.startswith("KINERJA_PG") for k in unset_required), unset_required
        assert environ["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"

        # what `kinerja stack exec` gives the process: derived exactly as for the local stack
        for key in list(env.READ):
            monkeypatch.delenv(key, raising=False)
        for key, value in environ.items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("KINERJA_HOME", str(tmp_path))
        final = env.stack(environ["KINERJA_DATABASE_URL"])
        assert final["KINERJA_PGHOST"] == "warehouse" and final["KINERJA_PGDATABASE"] == "kinerja"
        # dbt runs as the transformer role, its password generated into the shared state volume
        assert final["KINERJA_PGUSER"] == "kinerja_transformer"
        assert final["KINERJA_PGPASSWORD"] == (tmp_path / "secrets" / "kinerja_transformer_password").read_text()
        for key in ("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_ASYNC"):
            assert final[key].startswith("postgresql+psycopg://") and final[key].endswith("@warehouse:5432/airflow")
        assert final["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/"
        # generated secrets, never a default shipped in the repository
        assert (
            final["AIRFLOW__API_AUTH__JWT_SECRET"] not in ("", "change-me")
            and len(final["AIRFLOW__API_AUTH__JWT_SECRET"]) >= 32
        )
        assert (
            json.loads(Path(final["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"]).read_text())["admin"] != "admin"
        )
    text = (ROOT / "docker-compose.yml").read_text() + env.ENV_FILE.read_text()
    assert "admin:admin" not in text.replace("SIMPLE_AUTH_MANAGER_USERS=admin:admin", "")
    assert "change-me" not in text


def test_every_service_command_exists():
    airflow_args = []
    for service in AIRFLOW_SERVICES:
        command = COMPOSE["services"][service]["command"]
        assert command[:4] == ["kinerja", "stack", "exec", "--"], command
        assert command[4] == "airflow"
        airflow_args.append(command[5:])
    assert CliRunner().invoke(app, ["stack", "exec", "--help"]).exit_code == 0
    for service in KINERJA_SERVICES:  # the project's own one-off commands, through the same environment
        command = COMPOSE["services"][service]["command"]
        assert command[:5] == ["kinerja", "stack", "exec", "--", "kinerja"], command
        assert CliRunner().invoke(app, [*command[5:], "--help"]).exit_code == 0, command
    probe = (
        "import json, sys\nfrom airflow.cli import cli_parser\nparser = cli_parser.get_parser()\n"
        "for args in json.loads(sys.argv[1]):\n    parser.parse_args(args)\nprint('OK')"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, json.dumps(airflow_args)], capture_output=True, text=True, timeout=300
    )
    assert proc.stdout.strip().endswith("OK"), proc.stderr[-2000:]
    assert {tuple(a) for a in airflow_args} == {
        ("db", "migrate"),
        ("api-server",),
        ("scheduler",),
        ("dag-processor",),
        ("triggerer",),
    }


def test_superset_reads_the_warehouse_as_kinerja_bi(tmp_path, monkeypatch):
    """The BI service logs in as kinerja_bi with the password kinerja-init generated into the
    shared state volume, and runs the same script and lock file as `make bi`."""
    spec = COMPOSE["services"]["superset"]
    environ = {k: _substitute(str(v)) for k, v in spec["environment"].items()}
    assert environ["KINERJA_BI_URL"].startswith(f"postgresql://{env.ROLES['bi']}@warehouse:5432/")
    init = COMPOSE["services"]["kinerja-init"]
    home = init["environment"]["KINERJA_HOME"]
    assert environ["KINERJA_HOME"] == home and f"kinerja-state:{home}" in spec["volumes"]
    # the file kinerja-init writes (env.role_password generates it under $KINERJA_HOME/secrets)
    for key in list(env.READ):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("KINERJA_HOME", str(tmp_path))
    password = env.role_password("bi")
    written = next((tmp_path / "secrets").glob("*"))
    assert written.read_text() == password
    assert environ["KINERJA_BI_PASSWORD_FILE"] == f"{home}/secrets/{written.name}"
    assert spec["depends_on"]["kinerja-init"]["condition"] == "service_completed_successfully"
    dockerfile = (ROOT / spec["build"] / "superset" / "Dockerfile").read_text()
    assert "superset/requirements.lock" in dockerfile and "kinerja_superset.py prepare" in dockerfile
