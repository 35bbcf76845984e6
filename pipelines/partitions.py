"""Daily partitions by publication date, backfilled in one run (BackfillPolicy.single_run)."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from pipelines.config import PARTITIONS_START

daily_partitions = dg.DailyPartitionsDefinition(start_date=PARTITIONS_START)
single_run = dg.BackfillPolicy.single_run()


def window(context: dg.AssetExecutionContext) -> tuple[dt.date, dt.date]:
    """The publication dates a run covers, both inclusive: one day, or a backfill's range."""
    time_window = context.partition_time_window
    return time_window.start.date(), (time_window.end - dt.timedelta(days=1)).date()
