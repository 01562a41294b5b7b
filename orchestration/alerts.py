"""Run-failure alerts: a line in ``<home>/logs/alerts.log`` and, if configured, a webhook POST.

The webhook URL may carry a token, so it is never written to a log, an alert or an error message.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import requests


@dataclass(frozen=True)
class Alert:
    job_name: str
    run_id: str
    failed_steps: list[str]
    message: str

    def as_line(self, at: dt.datetime) -> str:
        steps = ", ".join(self.failed_steps) or "-"
        return f"{at.isoformat(timespec='seconds')} FAILED job={self.job_name} run={self.run_id} steps={steps} :: {self.message}"


def send_alert(alert: Alert, log_path: Path, webhook_url: str | None, timeout_s: float = 10.0) -> str:
    """Write the alert; post it to the webhook if any. Returns what happened, for the sensor's log."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("a", encoding="utf-8") as handle:
        handle.write(alert.as_line(dt.datetime.now(dt.UTC)).replace("\n", " ") + "\n")
    if not webhook_url:
        return f"alert written to {log_path}"
    payload = {"text": f"targetwatch run failed: {alert.job_name} ({alert.run_id})", "alert": alert.__dict__}
    try:
        response = requests.post(webhook_url, data=json.dumps(payload, ensure_ascii=False).encode(),
                                 headers={"Content-Type": "application/json"}, timeout=timeout_s)
        outcome = f"webhook answered HTTP {response.status_code}"
    except requests.RequestException as exc:
        outcome = f"webhook failed ({type(exc).__name__})"  # never str(exc): it contains the URL
    with log_path.open("a", encoding="utf-8") as handle:
        handle.write(f"{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')} {outcome}\n")
    return f"alert written to {log_path}; {outcome}"
