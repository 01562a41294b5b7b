"""Headless Chromium for the browser tests: Debian's package (`make browser`), launched so that it
never reaches for the network on its own (this machine's closed network refuses those connections)."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
