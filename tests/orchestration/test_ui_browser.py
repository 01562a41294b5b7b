"""The Dagster UI, in a real (headless) browser: the asset graph shows the four groups and the published mart.

Needs Debian's Chromium (`make browser`, i.e. `.ci/install-chromium`). Without it the test fails and says
so; set TARGETWATCH_SKIP_BROWSER=1 to skip it deliberately. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.settings import PROJECT_ROOT, load_settings
from orchestration.dbt_manifest import prepare_manifest
from orchestration.instance import sync_instance_config
from tests.browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GROUPS = ("ingest", "warehouse", "quality", "publish")
STARTUP_TIMEOUT_S = 120
VIEWPORT = {"width": 1800, "height": 1100}


@pytest.fixture(scope="module")
def chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("TARGETWATCH_SKIP_BROWSER") == "1":
        pytest.skip("TARGETWATCH_SKIP_BROWSER=1 and no Chromium at /usr/bin/chromium")
    pytest.fail(
        f"no Chromium at {CHROMIUM}: run `make browser` (bash .ci/install-chromium) to install Debian's "
        "chromium, or set TARGETWATCH_SKIP_BROWSER=1 to skip the browser tests",
        pytrace=False,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="module")
def webserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """dagster-webserver on a free loopback port, with a private DAGSTER_HOME; yields its base URL."""
    tmp = tmp_path_factory.mktemp("ui")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TARGETWATCH_") and k != "DAGSTER_HOME"}
    env.update(TARGETWATCH_HOME=str(tmp / "home"), DAGSTER_HOME=str(tmp / "home" / "dagster_home"))
    settings = load_settings(env)
    prepare_manifest(settings)  # the UI must load without a manual `dbt parse`
    settings.dagster_home.mkdir(parents=True)
    sync_instance_config(settings.dagster_home)
    port = _free_port()
    log = (tmp / "webserver.log").open("w")
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("dagster-webserver")),
            "-m",
            "orchestration.definitions",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _answers(f"{base}/server_info"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"dagster-webserver did not answer on {base}:\n" + (tmp / "webserver.log").read_text()[-3000:],
                    pytrace=False,
                )
            time.sleep(0.3)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the group of the process this fixture started
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()


@pytest.fixture
def page(chromium: Path, webserver: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport=VIEWPORT)
        finally:
            browser.close()


def _dismiss_welcome(page) -> None:
    """First visit: Dagster's community dialog covers the graph."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):  # no dialog this time
        page.get_by_role("button", name="Skip").click(timeout=5000)


def test_the_asset_graph_shows_the_groups_and_the_published_mart(page, webserver, artifacts_dir):
    page.goto(f"{webserver}/asset-groups", wait_until="domcontentloaded")
    _dismiss_welcome(page)
    group_nodes = {
        name: page.locator("foreignObject.group").filter(has=page.locator(f'[data-tooltip="{name}"]'))
        for name in GROUPS
    }
    for name, node in group_nodes.items():
        node.first.wait_for(state="visible", timeout=60_000)
        assert node.count() == 1, f"group {name} is not one node of the graph"
    assert group_nodes["warehouse"].text_content().startswith("warehouse20")  # 20 assets: every dbt model and seed

    group_nodes["publish"].locator('[aria-label="unfold_more"]').click()
    mart = page.locator("foreignObject").filter(has_text="published_mart").first
    mart.wait_for(state="visible", timeout=30_000)
    # the expanded group is zoomed into; zoom out until its upstream groups are back on screen
    graph_left = page.get_by_text("Search and filter assets").first.bounding_box()["x"] - 40  # the canvas edge

    def on_screen(node) -> bool:
        box = node.bounding_box() if node.count() == 1 else None
        return bool(box) and box["x"] >= graph_left and box["x"] + box["width"] <= VIEWPORT["width"]

    upstream = {name: group_nodes[name] for name in ("ingest", "warehouse", "quality")}
    for _ in range(8):
        if all(on_screen(node) for node in upstream.values()):
            break
        page.locator('[aria-label="zoom_out"]').first.click()
        page.wait_for_timeout(300)
    for name, node in upstream.items():
        assert on_screen(node), f"upstream group {name} is not on screen next to published_mart"
    assert mart.is_visible()
    page.screenshot(path=str(artifacts_dir / "ui-asset-graph.png"))


def test_the_published_mart_page_shows_its_description(page, webserver, artifacts_dir):
    page.goto(f"{webserver}/assets/publish/published_mart", wait_until="domcontentloaded")
    _dismiss_welcome(page)
    page.get_by_text("the read-only mart analysts open", exact=False).first.wait_for(state="visible", timeout=60_000)
    page.screenshot(path=str(artifacts_dir / "ui-published-mart.png"))
