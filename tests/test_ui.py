"""`dagster dev` serves the UI on 127.0.0.1 and its GraphQL API lists every asset group."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipelines.config import PROJECT_ROOT

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def dagster_dev(tmp_path: Path):
    port = free_port()
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_bytes((PROJECT_ROOT / "dagster.yaml").read_bytes())
    env = {**os.environ, "DAGSTER_HOME": str(home), "BASEWATCH_WAREHOUSE": str(tmp_path / "w.duckdb"),
           "BASEWATCH_RAW_DIR": str(tmp_path / "raw"), "BASEWATCH_REPORTS": str(tmp_path / "reports")}
    dagster = Path(sys.executable).with_name("dagster")
    proc = subprocess.Popen([str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            try:
                data = graphql(port, "{ assetNodes { id } }")
                if data.get("data", {}).get("assetNodes"):
                    break
            except OSError:
                pass
            time.sleep(1)
        else:
            pytest.fail("dagster dev did not serve the asset graph within 150 s")
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_ui_serves_the_asset_graph_with_all_groups(dagster_dev: int):
    data = graphql(dagster_dev, "{ assetNodes { assetKey { path } groupName isPartitioned } }")["data"]
    nodes = {"/".join(n["assetKey"]["path"]): n for n in data["assetNodes"]}
    assert {n["groupName"] for n in nodes.values()} == {"ingest", "extract", "incidents", "registry", "analytics"}
    assert nodes["core/articles"]["isPartitioned"] and not nodes["core/incidents"]["isPartitioned"]
    pools = graphql(dagster_dev, '{ instance { poolConfig { poolGranularity defaultPoolLimit } } }')["data"]
    assert pools["instance"]["poolConfig"] == {"poolGranularity": "run", "defaultPoolLimit": 1}
    with urllib.request.urlopen(f"http://127.0.0.1:{dagster_dev}/asset-groups", timeout=10) as response:
        assert response.status == 200 and b"<html" in response.read().lower()
