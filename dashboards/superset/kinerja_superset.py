"""Superset for Kinerja, run with the Python of Superset's own virtual environment (standard
library only: it must run where the `kinerja` package is not installed, as in the compose image).

    python kinerja_superset.py prepare          # metadata, admin login, the dashboard imported
    python kinerja_superset.py serve --port N   # gunicorn in the foreground (or --daemon)
    python kinerja_superset.py export --out DIR # the dashboard as it is now, back into files
    python kinerja_superset.py screenshot --out F.png  # what an analyst sees (headless Chromium)

`kinerja bi up` (the `make bi` target) and the compose service both call it, with:

- KINERJA_HOME: state; Superset's SQLite metadata lives in $KINERJA_HOME/bi, its secret key and
  the generated admin password in $KINERJA_HOME/secrets (mode 0600), unless
  SUPERSET_SECRET_KEY / SUPERSET_ADMIN_PASSWORD are set;
- KINERJA_BI_URL: the warehouse as SQLAlchemy URL for the read-only role `kinerja_bi`; its password
  inline, in KINERJA_BI_PASSWORD, or in the file named by KINERJA_BI_PASSWORD_FILE (compose: the
  shared state volume, written by the kinerja-init service).

The bundle in ../kinerja is imported at first start and again whenever its files change (their
hash is kept in $KINERJA_HOME/bi/bundle.sha256); the database entry's URL is replaced by
KINERJA_BI_URL in a temporary copy only, so no password is ever written into the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
BUNDLE = HERE.parent / "kinerja"
ADMIN = "admin"
# what the repository's database file says instead of a password (Superset's own export mask)
MASK = "XXXXXXXXXX"


class Gagal(Exception):
    """A step failed; the message says which and what to look at."""


def home() -> Path:
    return Path(os.environ.get("KINERJA_HOME", ".kinerja")).resolve()


def secret(name: str, env_name: str, make) -> str:
    """From the environment, else from $KINERJA_HOME/secrets/<name> (generated once, 0600)."""
    if os.environ.get(env_name):
        return os.environ[env_name]
    path = home() / "secrets" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(make())
    return path.read_text().strip()


def environment() -> dict[str, str]:
    state = home() / "bi"
    state.mkdir(parents=True, exist_ok=True)
    environ = dict(os.environ)
    environ.update(
        SUPERSET_CONFIG_PATH=os.environ.get("SUPERSET_CONFIG_PATH", str(HERE / "superset_config.py")),
        SUPERSET_METADATA_URL=os.environ.get("SUPERSET_METADATA_URL", f"sqlite:///{state / 'superset.db'}"),
        SUPERSET_SECRET_KEY=secret("superset_secret_key", "SUPERSET_SECRET_KEY", lambda: secrets.token_urlsafe(48)),
        FLASK_APP="superset",
        SUPERSET_HOME=str(state),
        PYTHONUNBUFFERED="1",
    )
    return environ


def admin_password() -> str:
    return secret("superset_admin_password", "SUPERSET_ADMIN_PASSWORD", lambda: secrets.token_urlsafe(16))


def warehouse_url() -> str:
    url = os.environ.get("KINERJA_BI_URL")
    if not url:
        raise Gagal("KINERJA_BI_URL is not set: the warehouse URL for the kinerja_bi role")
    url = re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql+psycopg2://", url)
    password_file = os.environ.get("KINERJA_BI_PASSWORD_FILE")
    if os.environ.get("KINERJA_BI_PASSWORD") or password_file:
        password = os.environ.get("KINERJA_BI_PASSWORD") or Path(password_file).read_text().strip()
        password = quote(password, safe="")
        url = re.sub(r"^(postgresql\+psycopg2://[^:@/]+)(:[^@]*)?@", rf"\1:{password}@", url)
    return url


def run(args: list[str], environ: dict[str, str], what: str) -> str:
    """A step as a child process; on failure its last lines, not a stack trace of ours."""
    done = subprocess.run(args, env=environ, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise Gagal(f"{what} failed (exit {done.returncode}):\n{tail}")
    return done.stdout + done.stderr


def superset(*args: str, environ: dict[str, str]) -> str:
    return run([str(Path(sys.executable).parent / "superset"), *args], environ, f"`superset {' '.join(args[:2])}`")


def bundle_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(BUNDLE.rglob("*.yaml")):
        digest.update(str(path.relative_to(BUNDLE)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def bundle_zip(target: Path, url: str) -> None:
    """The bundle as Superset's import ZIP, the database file carrying the real URL."""
    with zipfile.ZipFile(target, "w") as zf:
        for path in sorted(BUNDLE.rglob("*.yaml")):
            text = path.read_text()
            if path.parent.name == "databases":
                text = re.sub(r"(?m)^sqlalchemy_uri: .*$", lambda _: f"sqlalchemy_uri: {url}", text)
            if path.name == "metadata.yaml":  # imported as assets: everything in it overwritten
                text = re.sub(r"(?m)^type: .*$", "type: assets", text)
            zf.writestr(f"kinerja/{path.relative_to(BUNDLE)}", text)


def prepare(force: bool = False) -> None:
    environ = environment()
    password = admin_password()
    print("superset: metadata database", flush=True)
    superset("db", "upgrade", environ=environ)
    out = superset(
        "fab", "create-admin", "--username", ADMIN, "--firstname", "Admin", "--lastname", "Kinerja",
        "--email", "admin@kinerja.invalid", "--password", password, environ=environ,
    )  # fmt: skip
    if "already exists" in out:  # a password file replaced by hand: the login follows it
        superset("fab", "reset-password", "--username", ADMIN, "--password", password, environ=environ)
    marker = home() / "bi" / "bundle.sha256"
    url = warehouse_url()
    wanted = bundle_hash() + "\n" + url
    wanted_digest = hashlib.sha256(wanted.encode()).hexdigest()
    if not force and marker.exists() and marker.read_text().strip() == wanted_digest:
        print("superset: dashboard up to date", flush=True)
        return
    print("superset: roles and permissions", flush=True)
    superset("init", environ=environ)
    print(f"superset: importing the dashboard from {BUNDLE}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o700)
        target = Path(tmp) / "kinerja.zip"
        bundle_zip(target, url)
        run([sys.executable, __file__, "import-assets", str(target)], environ, "importing the dashboard")
    marker.write_text(wanted_digest + "\n")


def import_assets(bundle: Path) -> None:
    """Superset's asset import: databases, datasets, charts and the dashboard all overwritten from
    the files (`superset import-dashboards` keeps existing charts and datasets as they were, so an
    edited chart file would never arrive)."""
    from flask import g
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from superset import security_manager
        from superset.commands.importers.v1.assets import ImportAssetsCommand
        from superset.commands.importers.v1.utils import get_contents_from_bundle

        g.user = security_manager.find_user(username=ADMIN)
        with zipfile.ZipFile(bundle) as zf:
            contents = get_contents_from_bundle(zf)
        ImportAssetsCommand(contents).run()


def serve(port: int, host: str, daemon: bool) -> None:
    environ = environment()
    state = home() / "bi"
    args = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--bind", f"{host}:{port}",
        # two workers with threads: a dashboard asks for all its charts at once
        "--workers", "2", "--worker-class", "gthread", "--threads", "4",
        "--timeout", "120", "--limit-request-line", "0", "--limit-request-field_size", "0",
        "--error-logfile", str(state / "superset.log"),
        "--pid", str(state / "superset.pid"),
    ]  # fmt: skip
    if daemon:
        args.append("--daemon")
    else:
        args[args.index("--error-logfile") + 1] = "-"
    args.append("superset.app:create_app()")
    if daemon:
        subprocess.run(args, env=environ, check=True)
    else:
        os.execve(args[0], args, environ)


def readable(text: str) -> str:
    """An exported file as the repository keeps it: multi-line text (SQL, markdown) and the
    chart's query context (JSON, indented) in YAML block style, so a review reads them."""
    import json

    import yaml  # Superset's own dependency: this runs in Superset's environment

    class Dumper(yaml.SafeDumper):
        pass

    def block(dumper, value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

    Dumper.add_representer(str, block)
    data = yaml.safe_load(text)
    if isinstance(data, dict) and data.get("query_context"):
        data["query_context"] = json.dumps(
            json.loads(data["query_context"]), sort_keys=True, indent=2, ensure_ascii=False
        )
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=120)


def export(out: Path) -> None:
    """The dashboard as Superset exports it, unpacked over `out`, the password masked again."""
    environ = environment()
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "export.zip"
        superset("export-dashboards", "-f", str(target), environ=environ)
        with zipfile.ZipFile(target) as zf:
            names = [n for n in zf.namelist() if n.endswith(".yaml")]
            if out.exists():
                shutil.rmtree(out)
            for name in names:
                relative = Path(*Path(name).parts[1:])
                text = readable(zf.read(name).decode())
                text = re.sub(r"(?m)^(sqlalchemy_uri: [^:]+://[^:@/]+:)[^@]*@", rf"\g<1>{MASK}@", text)
                (out / relative).parent.mkdir(parents=True, exist_ok=True)
                (out / relative).write_text(text)
    print(f"exported {len(names)} files to {out}")


def screenshot(out: Path, url: str, width: int, height: int) -> None:
    """The dashboard as an analyst sees it, logged in, in headless Chromium (Debian's chromium and
    chromium-driver; selenium is Superset's own dependency): what to look at before a change lands."""
    import time

    from selenium import webdriver
    from selenium.webdriver.common.by import By

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--window-size={width},{height}"):  # fmt: skip
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    try:
        base = url.split("/superset/")[0]
        driver.get(f"{base}/login/")
        driver.find_element(By.ID, "username").send_keys(ADMIN)
        driver.find_element(By.ID, "password").send_keys(admin_password() + "\n")
        time.sleep(3)
        driver.get(url)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # every chart drawn or failed, no spinner left
            time.sleep(2)
            loading = driver.find_elements(By.CSS_SELECTOR, ".loading, [data-test='loading-indicator']")
            charts = driver.find_elements(By.CSS_SELECTOR, ".chart-container, .dashboard-chart")
            if charts and not loading:
                break
        time.sleep(3)
        full = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(width, max(height, full))
        time.sleep(2)
        out.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(out))
    finally:
        driver.quit()
    print(f"screenshot: {out}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="metadata, admin login, the dashboard imported")
    p.add_argument("--force", action="store_true", help="import the dashboard even when unchanged")
    s = sub.add_parser("serve", help="the web server")
    s.add_argument("--port", type=int, default=8088)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--daemon", action="store_true")
    e = sub.add_parser("export", help="the dashboard back into files")
    e.add_argument("--out", type=Path, default=BUNDLE)
    i = sub.add_parser("import-assets", help=argparse.SUPPRESS)
    i.add_argument("bundle", type=Path)
    c = sub.add_parser("screenshot", help="a PNG of the dashboard in headless Chromium")
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--url", default="http://127.0.0.1:8088/superset/dashboard/kinerja/?standalone=1")
    c.add_argument("--width", type=int, default=1600)
    c.add_argument("--height", type=int, default=1200)
    args = parser.parse_args()
    try:
        if args.command == "prepare":
            prepare(args.force)
        elif args.command == "serve":
            serve(args.port, args.host, args.daemon)
        elif args.command == "import-assets":
            import_assets(args.bundle)
        elif args.command == "screenshot":
            screenshot(args.out, args.url, args.width, args.height)
        else:
            export(args.out)
    except Gagal as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
