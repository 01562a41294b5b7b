"""Run-failure alerts: a line in ``<home>/logs/alerts.log`` and, if configured, a webhook POST.

The webhook URL may carry a token, so it is never written to a log, an alert or an error message:
alert text is redacted, exceptions are reported by class name only, and the HTTP library's own
debug records (which name the URL) are dropped while the POST is in flight.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

REDACTED = "<webhook>"
MAX_MESSAGE_CHARS = 400


@dataclass(frozen=True)
class Alert:
    job_name: str
    run_id: str
    failed_steps: list[str]
    message: str
    run_url: str | None = None
    details: list[str] = field(default_factory=list)  # "step: first line of its error"

    def as_line(self, at: dt.datetime) -> str:
        steps = ", ".join(self.failed_steps) or "-"
        link = f" {self.run_url}" if self.run_url else ""
        detail = "".join(f" | {d}" for d in self.details)
        text = (
            f"{at.isoformat(timespec='seconds')} FAILED job={self.job_name} run={self.run_id} steps={steps}{link} :: "
        )
        return text + f"{self.message}{detail}".replace("\n", " ")

    def redacted(self, secret: str | None) -> Alert:
        return Alert(
            job_name=self.job_name,
            run_id=self.run_id,
            failed_steps=list(self.failed_steps),
            message=redact(self.message, secret)[:MAX_MESSAGE_CHARS],
            run_url=self.run_url,
            details=[redact(d, secret)[:MAX_MESSAGE_CHARS] for d in self.details],
        )


def redact(text: str, secret_url: str | None) -> str:
    """``text`` without the webhook URL (whole, or its host+path, where its token usually is)."""
    if not secret_url:
        return text
    parts = urlsplit(secret_url)
    for needle in (secret_url, f"{parts.netloc}{parts.path}", parts.query):
        if needle and len(needle) > 3:
            text = text.replace(needle, REDACTED)
    return text


class _DropRecords(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


@contextmanager
def _transport_logs_muted() -> Iterator[None]:
    """urllib3 logs the request line (with the URL's path and query) at DEBUG; not for this request."""
    logger = logging.getLogger("urllib3.connectionpool")
    muted = _DropRecords()
    logger.addFilter(muted)
    try:
        yield
    finally:
        logger.removeFilter(muted)


def _append(log_path: Path, line: str) -> None:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("a", encoding="utf-8") as handle:
        handle.write(line.replace("\n", " ") + "\n")


def send_alert(alert: Alert, log_path: Path, webhook_url: str | None, timeout_s: float = 10.0) -> str:
    """Write the alert; post it to the webhook if any. Returns what happened, for the sensor's log."""
    alert = alert.redacted(webhook_url)
    _append(log_path, alert.as_line(dt.datetime.now(dt.UTC)))
    if not webhook_url:
        return f"alert written to {log_path}"
    steps = ", ".join(alert.failed_steps) or "-"
    payload = {
        "text": f"targetwatch run failed: {alert.job_name} ({alert.run_id}); steps: {steps}. {alert.message}",
        "alert": asdict(alert),
    }
    try:
        with _transport_logs_muted():
            response = requests.post(webhook_url, json=payload, timeout=timeout_s, allow_redirects=False)
        outcome = f"webhook answered HTTP {response.status_code}"
    except requests.RequestException as exc:
        outcome = f"webhook failed ({type(exc).__name__})"  # never str(exc): it contains the URL
    _append(log_path, f"{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')} run={alert.run_id} {outcome}")
    return f"alert written to {log_path}; {outcome}"
