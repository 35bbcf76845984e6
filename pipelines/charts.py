"""Charts of the analytics tables, rendered to PNG with matplotlib (no display needed)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pandas as pd

COUNTRY_NAMES = {"IQ": "Iraq", "SY": "Syria", "JO": "Jordan"}
WEAPONS = ["drone", "rocket", "missile", "mortar", "ied"]


def code_version() -> str:
    """A hash of this module: a changed chart is drawn again even when no incident changed."""
    return hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:12]


def _pyplot() -> Any:
    """matplotlib, imported on first use: it costs half a second that a run with nothing to
    draw should not pay."""
    import matplotlib

    matplotlib.use("Agg")  # headless: scheduled runs have no display
    import matplotlib.pyplot as plt

    return plt


def thumbnail_png(path: Path, width: int = 640, colors: int = 64) -> bytes:
    """A small copy of a chart (about 12 KB against 66 KB) for an asset's metadata: Dagster
    stores a run's metadata once per partition it covers, so a 150-day run would store the
    full PNGs 150 times. The full charts stay files."""
    from PIL import Image  # matplotlib's own dependency

    with Image.open(path) as image:
        image.thumbnail((width, image.height))  # keeps the aspect ratio; never enlarges
        small = image.convert("RGB").quantize(colors)
    out = io.BytesIO()
    small.save(out, "PNG", optimize=True)
    return out.getvalue()


def weekly_counts(incidents: pd.DataFrame, by: str) -> pd.DataFrame:
    """Attacks per week (Monday) and value of `by` ('country', 'weapon' or 'base_id'); weeks without attacks are 0."""
    frame = incidents.copy()
    frame["week"] = pd.to_datetime(frame["incident_date"]).dt.to_period("W-SUN").dt.start_time
    if by == "weapon":
        frame = frame.explode("weapons").rename(columns={"weapons": "weapon"})
        frame["weapon"] = frame["weapon"].fillna("unknown")
    frame[by] = frame[by].fillna("unknown")
    table = frame.groupby(["week", by]).size().unstack(fill_value=0)
    if len(table):
        weeks = pd.date_range(table.index.min(), table.index.max(), freq="7D")
        table = table.reindex(weeks, fill_value=0)
    return table


def attacks_per_week(incidents: pd.DataFrame, path: Path) -> Path:
    """Two panels: attacks per week by country, and by weapon."""
    plt = _pyplot()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 7), sharex=True)
    for axis, by, title in ((top, "country", "by country"), (bottom, "weapon", "by weapon")):
        table = weekly_counts(incidents, by)
        if by == "country":
            table = table.rename(columns=COUNTRY_NAMES)
        if table.empty:
            axis.text(0.5, 0.5, "no incidents", ha="center", transform=axis.transAxes)
        else:
            table.index = table.index.strftime("%d %b %y")
            table.plot(kind="bar", stacked=True, ax=axis, width=0.85)
            axis.legend(loc="upper right", fontsize=8)
        axis.set_title(f"Attacks per week, {title}")
        axis.set_ylabel("attacks")
    bottom.set_xlabel("week starting")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def attacks_per_base(incidents: pd.DataFrame, path: Path) -> Path:
    """A heat map of attacks per week and base (bases with most attacks first)."""
    table = weekly_counts(incidents[incidents["base_id"].notna()], "base_id")
    plt = _pyplot()
    fig, axis = plt.subplots(figsize=(11, 0.45 * max(4, table.shape[1]) + 1.5))
    if table.empty:
        axis.text(0.5, 0.5, "no incidents at registry bases", ha="center", transform=axis.transAxes)
    else:
        table = table[table.sum().sort_values(ascending=False).index]
        image = axis.imshow(table.T.values, aspect="auto", cmap="Reds")
        axis.set_yticks(range(table.shape[1]), table.columns)
        step = max(1, len(table.index) // 12)
        axis.set_xticks(range(0, len(table.index), step), table.index.strftime("%d %b %y")[::step], rotation=45)
        fig.colorbar(image, ax=axis, label="attacks")
    axis.set_title("Attacks per week and base")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
