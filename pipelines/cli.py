"""The `basewatch` command: run the pipeline, extract one page, query the warehouse, evaluate."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import warnings
from pathlib import Path
from typing import Any

from pipelines.config import setting


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def run_pipeline(start: dt.date, end: dt.date, instance: object | None = None, log_level: str = "WARNING") -> bool:
    """Materialize the whole asset graph for publication dates start..end in one process."""
    return execute_range(start, end, instance, log_level).success


def execute_range(start: dt.date, end: dt.date, instance: object | None = None, log_level: str = "WARNING"
                  ) -> Any:
    """The in-process run over start..end (dg.ExecuteInProcessResult), never raising on a step error."""
    warnings.filterwarnings("ignore", message=".*is currently in beta.*")
    import dagster as dg
    from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

    from pipelines.definitions import defs
    from pipelines.partitions import daily_partitions

    first = dt.date.fromisoformat(daily_partitions.start.strftime("%Y-%m-%d"))
    if start < first:
        raise SystemExit(f"--start {start} is before the first partition {first}")
    if end < start:
        raise SystemExit(f"--end {end} is before --start {start}")
    last_key = daily_partitions.get_last_partition_key()
    if last_key is not None and end > dt.date.fromisoformat(last_key):
        end = dt.date.fromisoformat(last_key)  # today's partition is not complete yet
    if instance is None:
        if os.environ.get("DAGSTER_HOME"):
            instance = dg.DagsterInstance.get()
        else:
            # One "planned" event per asset for the whole range instead of one per asset and
            # day (Dagster's switch for single-run backfills): 1,600 fewer events, 1.7 s less
            # per 150-day run. Its cost, partitions not marked failed when a run fails, does
            # not arise here: this instance ends with the process.
            os.environ.setdefault("DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS", "true")
            instance = dg.DagsterInstance.ephemeral()
    job = defs.resolve_job_def("daily_refresh")
    return job.execute_in_process(
        instance=instance,
        tags={ASSET_PARTITION_RANGE_START_TAG: start.isoformat(), ASSET_PARTITION_RANGE_END_TAG: end.isoformat()},
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        raise_on_error=False,
    )


# Errors whose message already says what is wrong and where; shown alone, without the
# Dagster wrappers around them.
_PLAIN_ERRORS = ("WarehouseError", "SourceConfigError")


def _root_message(error: Any) -> str:
    """The message of the error that explains a step failure: one of ours if in the
    chain, else the innermost cause."""
    chain = []
    while error is not None:
        chain.append(error)
        error = error.cause or error.context
    for item in chain:
        if item.cls_name in _PLAIN_ERRORS:
            return _without_class(item.message, item.cls_name)
    last = chain[-1] if chain else None
    return _without_class(last.message, last.cls_name) if last is not None else "unknown error"


def _without_class(message: str, cls_name: str | None) -> str:
    """'pipelines.warehouse.WarehouseError: cannot ...' -> 'cannot ...', on one line."""
    head, sep, rest = message.strip().partition(": ")
    text = rest if sep and cls_name and head.endswith(cls_name) else message
    return " ".join(text.split())


def run_problems(result: Any) -> list[str]:
    """What went wrong in a run, one line each: failed steps and failed blocking checks."""
    problems = []
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            problems.append(f"step {event.step_key} failed: {_root_message(event.step_failure_data.error)}")
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed and evaluation.severity.value == "ERROR":
            detail = "; ".join(str(v.value) for k, v in evaluation.metadata.items() if k.startswith("offending"))
            problems.append(f"check {evaluation.asset_key.to_user_string()}:{evaluation.check_name} failed: "
                            f"{' | '.join(detail.splitlines()[:5])}")
    return problems


def summary(db_path: Path) -> str:
    from pipelines import warehouse

    with warehouse.connect(db_path, read_only=True) as con:
        articles, relevant = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE is_relevant) FROM core.articles").fetchone()
        mentions = con.execute("SELECT count(*) FROM core.incident_mentions").fetchone()[0]
        failed = con.execute("SELECT count(DISTINCT url) FROM core.fetch_log WHERE error IS NOT NULL").fetchone()[0]
        by_country = con.execute(
            "SELECT coalesce(country, '??'), count(*) FROM core.incidents GROUP BY 1 ORDER BY 2 DESC").fetchall()
    total = sum(n for _, n in by_country)
    lines = [
        f"warehouse:          {db_path}",
        f"articles:           {articles}",
        f"relevant articles:  {relevant}",
        f"incident mentions:  {mentions}",
        f"incidents:          {total} (" + ", ".join(f"{c} {n}" for c, n in by_country) + ")",
        f"pages not ingested: {failed} (see core.fetch_log.error)",
    ]
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> int:
    from pipelines import warehouse

    db = setting("BASEWATCH_WAREHOUSE")
    # fail before the run starts when the file is unusable, with one line naming it
    with warehouse.connect(db):
        pass
    print(f"basewatch: materializing every asset for publications {args.start} .. {args.end}", flush=True)
    # Dagster's console logger prints each failure with its stack; without --verbose the
    # failures are summarized below instead, one line each
    result = execute_range(args.start, args.end, log_level="DEBUG" if args.verbose else "CRITICAL")
    if db.exists():
        print(summary(db))
    if result.success and not any(event.is_step_materialization for event in result.all_events
                                  if event.step_key == "pages_to_mentions"):
        print("nothing changed since the last run: no page read, no table rewritten")
    if not result.success:
        for problem in run_problems(result) or ["the run failed"]:
            print(f"basewatch run: {problem}", file=sys.stderr)
        return 1
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from pipelines.articles import process_article
    from pipelines.config import registry_dir
    from pipelines.extract import extract_mentions
    from pipelines.html import decode_html, page_metadata
    from pipelines.registry import BaseMatcher, load_bases

    path = Path(args.page)
    raw = path.read_bytes()
    matcher = BaseMatcher(load_bases(registry_dir() / "bases.yaml"))
    if path.suffix.lower() in (".html", ".htm"):
        published = args.published or page_metadata(decode_html(raw)).published
        if published is None:
            raise SystemExit("the page gives no publication date: pass --published YYYY-MM-DD")
        result = process_article({"article_id": path.stem, "url": str(path), "source": "file",
                                  "published_date": published}, raw, matcher)
        mentions, error = result.mentions, result.row["extraction_error"]
    else:
        if args.published is None:
            raise SystemExit("a text file has no publication date: pass --published YYYY-MM-DD")
        mentions, error = extract_mentions(raw.decode("utf-8"), args.published, matcher), None
    if error:
        print(f"extraction error: {error}", file=sys.stderr)
    out = [m.as_dict() for m in mentions if args.all or not m.is_background]
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from pipelines import warehouse

    db = setting("BASEWATCH_WAREHOUSE")
    # read-only: analysts' queries never change the file; DuckDB refuses writes itself
    with warehouse.connect(db, read_only=True) as con:
        try:
            result = con.execute(args.query)
            types = {d[0]: str(d[1]) for d in result.description or []}
            frame = result.df()
        except duckdb.Error as exc:
            message = " ".join(str(exc).split())
            if "read-only" in message:
                message = f"the warehouse {db} is opened read-only by `basewatch sql`: {message}"
            print(f"basewatch sql: {message}", file=sys.stderr)
            return 1
    for column, kind in types.items():
        if kind == "DATE" and column in frame and len(frame):
            # pandas reads DATE as a timestamp; analysts asked for a date, so print one
            frame[column] = frame[column].dt.date
    frame = frame.astype(object).where(frame.notna(), None)  # SQL NULL prints as NULL, not nan
    print(frame.to_markdown(index=False, tablefmt="simple", missingval="NULL") if len(frame) else "(no rows)")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from pipelines.evaluate import main as evaluate_main

    return evaluate_main(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="basewatch", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="materialize every asset for a range of publication dates")
    run.add_argument("--start", type=_date, required=True, help="first publication date (inclusive)")
    run.add_argument("--end", type=_date, required=True, help="last publication date (inclusive)")
    run.add_argument("--verbose", action="store_true", help="print Dagster's event log")
    run.set_defaults(func=cmd_run)

    extract = sub.add_parser("extract", help="print the incidents of one page as JSON")
    extract.add_argument("page", help="a saved .html page, or a .txt file of article text")
    extract.add_argument("--published", type=_date, help="publication date (default: from the page)")
    extract.add_argument("--all", action="store_true", help="include background recaps")
    extract.set_defaults(func=cmd_extract)

    sql = sub.add_parser("sql", help="run a query on the warehouse (read-only) and print the table")
    sql.add_argument("query")
    sql.set_defaults(func=cmd_sql)

    evaluate = sub.add_parser("evaluate", help="measure extraction against the gold labels")
    evaluate.add_argument("--misses", type=int, default=15, help="how many misses to list per language")
    evaluate.add_argument("--json", help="also write the figures to this JSON file")
    evaluate.add_argument("--split", choices=["dev", "unseen", "all"], default="all",
                          help="the bundled archive (dev), the held-out pages (unseen), or both")
    evaluate.add_argument("--show-unseen-misses", action="store_true",
                          help="also list the unseen split's misses (it is then no longer unseen)")
    evaluate.set_defaults(func=cmd_evaluate)

    args = parser.parse_args(argv)
    from pipelines.warehouse import WarehouseError

    try:
        return args.func(args)
    except WarehouseError as exc:
        print(f"basewatch {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
