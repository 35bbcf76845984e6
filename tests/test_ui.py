"""`dagster dev` on 127.0.0.1, as a person uses it: the GraphQL API lists every asset group,
a backfill launched through the API (the UI's own call) runs with the daemon and finishes
as one run per partitions definition, and headless Chromium renders the asset graph and the
analytics chart page. Screenshots are kept under artifacts/ui/.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipelines.config import PROJECT_ROOT

from .conftest import FIXTURES

pytestmark = pytest.mark.slow
ARTIFACTS = PROJECT_ROOT / "artifacts" / "ui"
BACKFILL_DAYS = [(dt.date(2023, 10, 1) + dt.timedelta(days=i)).isoformat() for i in range(31)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def graphql(port: int, query: str, variables: dict | None = None) -> dict:
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        data = json.loads(response.read())
    assert "errors" not in data, data["errors"]
    return data["data"]


class DagsterDev:
    def __init__(self, port: int, workdir: Path) -> None:
        self.port, self.workdir = port, workdir
        self.url = f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def dagster_dev(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DagsterDev]:
    """`dagster dev` (webserver and daemon) over a temp warehouse reading the fixture archive."""
    workdir = tmp_path_factory.mktemp("ui")
    shutil.copytree(FIXTURES / "archive", workdir / "archive")
    (workdir / "sources.yaml").write_text("sources:\n  - name: fixtures\n    kind: archive\n    path: archive\n",
                                          encoding="utf-8")
    home = workdir / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_bytes((PROJECT_ROOT / "dagster.yaml").read_bytes())
    env = {**os.environ, "DAGSTER_HOME": str(home), "BASEWATCH_WAREHOUSE": str(workdir / "w.duckdb"),
           "BASEWATCH_SOURCES": str(workdir / "sources.yaml"), "BASEWATCH_RAW_DIR": str(workdir / "raw"),
           "BASEWATCH_REPORTS": str(workdir / "reports")}
    port = free_port()
    dagster = Path(sys.executable).with_name("dagster")
    log = (workdir / "dagster_dev.log").open("wb")
    proc = subprocess.Popen([str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
                            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            try:
                if graphql(port, "{ assetNodes { id } }").get("assetNodes"):
                    break
            except OSError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"dagster dev exited: {(workdir / 'dagster_dev.log').read_text()[-2000:]}")
            time.sleep(1)
        else:
            pytest.fail("dagster dev did not serve the asset graph within 150 s")
        yield DagsterDev(port, workdir)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


LAUNCH = """mutation($params: LaunchBackfillParams!) { launchPartitionBackfill(backfillParams: $params) {
  __typename ... on LaunchBackfillSuccess { backfillId } ... on PythonError { message } } }"""
BACKFILL = """query($id: String!) { partitionBackfillOrError(backfillId: $id) { __typename
  ... on PartitionBackfill { status numPartitions
    runs(limit: 100) { runId status tags { key value } assetSelection { path } } } } }"""
RUNS = """{ runsOrError { ... on Runs { results { runId status tags { key value } } } } }"""


def launch_backfill(dev: DagsterDev, assets: list[list[str]], partitions: list[str], timeout: float = 240) -> dict:
    """Launch an asset backfill as the UI's "Materialize selected" does and wait for it."""
    params = {"assetSelection": [{"path": key} for key in assets], "partitionNames": partitions,
              "fromFailure": False}
    launched = graphql(dev.port, LAUNCH, {"params": params})["launchPartitionBackfill"]
    assert launched["__typename"] == "LaunchBackfillSuccess", launched
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        backfill = graphql(dev.port, BACKFILL, {"id": launched["backfillId"]})["partitionBackfillOrError"]
        if backfill["status"] not in ("REQUESTED",):
            return backfill
        time.sleep(2)
    pytest.fail(f"backfill still running after {timeout} s: {backfill}")


@pytest.fixture(scope="module")
def backfilled(dagster_dev: DagsterDev) -> dict:
    """A month of publications backfilled through the API with every asset selected, as
    "Materialize selected" on the whole asset graph does."""
    nodes = graphql(dagster_dev.port, "{ assetNodes { assetKey { path } } }")["assetNodes"]
    return launch_backfill(dagster_dev, [n["assetKey"]["path"] for n in nodes], BACKFILL_DAYS)


def test_ui_serves_the_asset_graph_with_all_groups(dagster_dev: DagsterDev):
    data = graphql(dagster_dev.port, "{ assetNodes { assetKey { path } groupName isPartitioned } }")
    nodes = {"/".join(n["assetKey"]["path"]): n for n in data["assetNodes"]}
    assert {n["groupName"] for n in nodes.values()} == {"ingest", "extract", "incidents", "registry", "analytics"}
    # everything but the registry is partitioned by publication day, so a backfill is one run
    assert {k for k, n in nodes.items() if not n["isPartitioned"]} == {"core/bases", "core/troop_presence"}
    pools = graphql(dagster_dev.port, "{ instance { poolConfig { poolGranularity defaultPoolLimit } } }")
    assert pools["instance"]["poolConfig"] == {"poolGranularity": "run", "defaultPoolLimit": 1}
    with urllib.request.urlopen(f"{dagster_dev.url}/asset-groups", timeout=10) as response:
        assert response.status == 200 and b"<html" in response.read().lower()


def test_a_month_backfilled_through_the_api_runs_each_asset_once(dagster_dev: DagsterDev, backfilled: dict):
    assert backfilled["status"] == "COMPLETED_SUCCESS", backfilled
    assert backfilled["numPartitions"] == 31
    runs = backfilled["runs"]
    assert all(r["status"] == "SUCCESS" for r in runs), runs
    # single_run backfill policy and one partitioning for the whole date-based graph: each
    # asset's 31 days in one run. With the registry selected too, the daemon runs it (not
    # partitioned) first, and pages and fetch log, which do not read it, start beside it.
    per_asset: dict[str, int] = {}
    for run in runs:
        for key in run["assetSelection"]:
            per_asset["/".join(key["path"])] = per_asset.get("/".join(key["path"]), 0) + 1
    every = {"/".join(n["assetKey"]["path"]) for n in graphql(dagster_dev.port,
                                                              "{ assetNodes { assetKey { path } } }")["assetNodes"]}
    assert set(per_asset) == every and set(per_asset.values()) == {1}, per_asset
    assert len(runs) <= 3, runs
    ranged = [{t["key"]: t["value"] for t in r["tags"]} for r in runs
              if any(t["key"] == "dagster/asset_partition_range_start" for t in r["tags"])]
    assert ranged and all((t["dagster/asset_partition_range_start"], t["dagster/asset_partition_range_end"]) ==
                          ("2023-10-01", "2023-10-31") for t in ranged)
    with duckdb.connect(str(dagster_dev.workdir / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM core.articles").fetchone()[0] == 4
        assert con.execute("SELECT count(*) FROM core.incidents").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM analytics.base_summary WHERE attacks > 0").fetchone()[0] == 3


def test_a_date_range_backfill_of_the_date_based_assets_is_one_run(dagster_dev: DagsterDev, backfilled: dict):
    """What README's "Backfilling from the UI" describes: select the date-partitioned assets
    (every group but registry), pick the range, launch: one run does it all."""
    nodes = graphql(dagster_dev.port, "{ assetNodes { assetKey { path } groupName } }")["assetNodes"]
    dated = [n["assetKey"]["path"] for n in nodes if n["groupName"] != "registry"]
    again = launch_backfill(dagster_dev, dated, BACKFILL_DAYS)
    assert again["status"] == "COMPLETED_SUCCESS", again
    assert len(again["runs"]) == 1 and again["runs"][0]["status"] == "SUCCESS", again["runs"]
    assert {"/".join(k["path"]) for k in again["runs"][0]["assetSelection"]} == {"/".join(p) for p in dated}
    with duckdb.connect(str(dagster_dev.workdir / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM core.articles").fetchone()[0] == 4  # a rerun adds nothing
        assert con.execute("SELECT count(*) FROM core.incidents").fetchone()[0] == 3


# ------------------------------------------------------------------ headless Chromium

def _browser_binaries() -> tuple[str, str]:
    """Debian's chromium and chromedriver, installed on first use when running as root."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if (chromium is None or driver is None) and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, capture_output=True, timeout=300)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "chromium-driver"],
                       check=True, env=env, capture_output=True, timeout=900)
        chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        message = "Debian's chromium and chromium-driver are needed (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return chromium, driver


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = _browser_binaries()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1600,1000"):
        options.add_argument(arg)
    chrome = webdriver.Chrome(service=Service(driver), options=options)
    chrome.set_page_load_timeout(60)
    yield chrome
    chrome.quit()


def _open(browser: object, url: str) -> None:
    """Open a page and dismiss Dagster's first-visit community dialog if it shows."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    with contextlib.suppress(TimeoutException):
        WebDriverWait(browser, 8).until(
            ec.element_to_be_clickable((By.XPATH, "//button[normalize-space()='Skip']"))).click()


def _wait_for_text(browser: object, texts: list[str], timeout: float = 60) -> str:
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        body = browser.find_element(By.TAG_NAME, "body").text
        if all(t in body for t in texts):
            return body
        time.sleep(1)
    pytest.fail(f"the page never showed {texts}; it showed: {body[:800]}")


def test_the_browser_renders_the_asset_graph_and_the_chart(dagster_dev: DagsterDev, backfilled: dict,
                                                           browser: object):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _open(browser, f"{dagster_dev.url}/asset-groups")
    # the rendered graph names every group with its asset count, which only the React app draws
    body = _wait_for_text(browser, ["Global asset lineage", "ingest", "extract", "incidents", "registry",
                                    "analytics"])
    assert "Materialize" in body
    browser.save_screenshot(str(ARTIFACTS / "asset_graph.png"))

    _open(browser, f"{dagster_dev.url}/assets/analytics/attack_charts")
    body = _wait_for_text(browser, ["attack_charts", "weekly_chart", "base_chart", "Latest materialization"])
    browser.save_screenshot(str(ARTIFACTS / "attack_charts_asset.png"))
    # the chart itself: the metadata's markdown holds the PNG; open it and check the image decoded
    WebDriverWait(browser, 20).until(
        ec.element_to_be_clickable((By.XPATH, "(//*[normalize-space()='[Show Markdown]' and not(*)])[1]"))).click()
    image = WebDriverWait(browser, 20).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "img[src^='data:image/png']")))
    WebDriverWait(browser, 20).until(lambda b: b.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth", image))
    assert browser.execute_script("return arguments[0].naturalWidth", image) > 300
    browser.save_screenshot(str(ARTIFACTS / "attack_charts_weekly.png"))
    assert (ARTIFACTS / "asset_graph.png").read_bytes().startswith(b"\x89PNG")
