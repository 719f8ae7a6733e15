"""Notifications: a task that failed for good (after its retries), a rejected or blocked file, a
silent source, unit or device. Every message goes to a JSON-lines file under $KINERJA_HOME (what
`kinerja status` and the tests read) and, when configured in the environment, to a webhook
(KINERJA_NOTIFY_WEBHOOK: a JSON POST, e.g. a chat channel's incoming hook) and by e-mail
(KINERJA_NOTIFY_SMTP=smtp://user:password@host:port, KINERJA_NOTIFY_TO=a@x,b@y). A sink that
fails is logged and never fails the task that notifies."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import smtplib
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlparse

import httpx
from airflow.sdk import BaseNotifier  # only DAG files import this module

from kinerja.core import config

log = logging.getLogger(__name__)


def sink_path() -> Path:
    return config.home() / "notifications.jsonl"


def send(level: str, title: str, lines: list[str], **where: str | None) -> dict:
    """Send one message (`level`: GAGAL for a failure, PERINGATAN for a warning) to every sink."""
    message = {
        "waktu": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "level": level,
        "judul": title,
        "rincian": lines,
        **{k: v for k, v in where.items() if v is not None},
    }
    path = sink_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(message, ensure_ascii=False) + "\n")
    webhook = os.environ.get("KINERJA_NOTIFY_WEBHOOK")
    if webhook:
        try:
            httpx.post(webhook, json={**message, "text": f"[{level}] {title}\n" + "\n".join(lines)}, timeout=10)
        except httpx.HTTPError as exc:
            log.warning("webhook notification not sent: %s", exc)
    smtp, to = os.environ.get("KINERJA_NOTIFY_SMTP"), os.environ.get("KINERJA_NOTIFY_TO")
    if smtp and to:
        try:
            _mail(smtp, to, f"[Kinerja {level}] {title}", "\n".join(lines))
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("e-mail notification not sent: %s", exc)
    return message


def _mail(url: str, to: str, subject: str, body: str) -> None:
    u = urlparse(url)
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = subject, unquote(u.username or "kinerja"), to
    mail.set_content(body)
    with smtplib.SMTP(u.hostname or "localhost", u.port or 25, timeout=10) as server:
        if u.scheme == "smtps" or u.port == 587:
            server.starttls()
        if u.username:
            server.login(unquote(u.username), unquote(u.password or ""))
        server.send_message(mail)


class KinerjaNotifier(BaseNotifier):
    """Airflow's notifier for a task that failed after its last retry: which DAG, run and task,
    and the error's last lines."""

    def notify(self, context) -> None:
        ti = context.get("ti") or context.get("task_instance")
        error = context.get("exception")
        dag_id = getattr(ti, "dag_id", None) or getattr(context.get("dag"), "dag_id", None)
        send(
            "GAGAL",
            f"{dag_id}.{getattr(ti, 'task_id', '?')} gagal",
            [line for line in str(error or "lihat log tugas").splitlines()[-8:] if line.strip()],
            dag_id=dag_id,
            run_id=getattr(ti, "run_id", None),
            task_id=getattr(ti, "task_id", None),
            try_number=str(getattr(ti, "try_number", "")),
        )


on_failure = KinerjaNotifier()
