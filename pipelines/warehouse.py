"""The DuckDB warehouse: schema, idempotent writes and the analytics SQL.

Writes go in whole DataFrames (never row loops: executemany of 50k rows takes 16 s
against 24 ms for a DataFrame insert, duckdb #10106). A partition's write deletes the
window's rows and inserts the new ones in one transaction, so reruns never duplicate.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

# Table -> columns. New columns are added to existing warehouses on connect, so a
# warehouse built by an older basewatch keeps working (and keeps its rows).
SCHEMA: dict[str, list[tuple[str, str]]] = {
    "core.fetch_log": [
        ("url", "VARCHAR"), ("source", "VARCHAR"), ("fetched_at", "TIMESTAMP"), ("status", "INTEGER"),
        ("bytes", "BIGINT"), ("from_cache", "BOOLEAN"), ("error", "VARCHAR"), ("published_date", "DATE"),
        ("location", "VARCHAR"), ("run_id", "VARCHAR"), ("kind", "VARCHAR"), ("attempts", "INTEGER"),
        ("requested_url", "VARCHAR"),
    ],
    "core.pages": [
        ("article_id", "VARCHAR"), ("url", "VARCHAR"), ("source", "VARCHAR"), ("published_date", "DATE"),
        ("content_sha", "VARCHAR"), ("location", "VARCHAR"), ("title_hint", "VARCHAR"),
        ("language_hint", "VARCHAR"), ("published_from", "VARCHAR"), ("note", "VARCHAR"),
    ],
    "core.articles": [
        ("article_id", "VARCHAR"), ("url", "VARCHAR"), ("source", "VARCHAR"), ("published_date", "DATE"),
        ("title", "VARCHAR"), ("language", "VARCHAR"), ("text", "VARCHAR"), ("is_relevant", "BOOLEAN"),
        ("extraction_error", "VARCHAR"), ("content_sha", "VARCHAR"), ("extracted_at", "TIMESTAMP"),
        ("extractor_version", "VARCHAR"), ("mentions_version", "VARCHAR"),
    ],
    # What basewatch learnt from each saved page it read: a file whose size and mtime
    # (signature) are unchanged is not read again (pipelines/page_pass.py).
    "core.archive_files": [
        ("location", "VARCHAR"), ("signature", "VARCHAR"), ("source_name", "VARCHAR"), ("article_id", "VARCHAR"),
        ("url", "VARCHAR"), ("source", "VARCHAR"), ("published_date", "DATE"), ("content_sha", "VARCHAR"),
        ("title_hint", "VARCHAR"), ("language_hint", "VARCHAR"), ("published_from", "VARCHAR"),
        ("note", "VARCHAR"), ("read_at", "TIMESTAMP"),
    ],
    "core.incident_mentions": [
        ("mention_id", "VARCHAR"), ("article_id", "VARCHAR"), ("incident_date", "DATE"), ("base_id", "VARCHAR"),
        ("location_text", "VARCHAR"), ("country", "VARCHAR"), ("weapons", "VARCHAR[]"), ("projectiles", "INTEGER"),
        ("intercepted", "INTEGER"), ("killed", "INTEGER"), ("wounded", "INTEGER"), ("damage", "VARCHAR"),
        ("claimed_by", "VARCHAR"), ("evidence", "VARCHAR"), ("is_background", "BOOLEAN"),
        ("claim_only", "BOOLEAN"), ("casualty_groups", "VARCHAR"), ("published_date", "DATE"),
        ("source", "VARCHAR"),
    ],
    "core.incidents": [
        ("incident_id", "VARCHAR"), ("incident_date", "DATE"), ("base_id", "VARCHAR"), ("country", "VARCHAR"),
        ("weapons", "VARCHAR[]"), ("projectiles", "INTEGER"), ("intercepted", "INTEGER"), ("killed", "INTEGER"),
        ("wounded", "INTEGER"), ("damage", "VARCHAR"), ("claimed_by", "VARCHAR"), ("n_mentions", "INTEGER"),
        ("n_articles", "INTEGER"), ("n_sources", "INTEGER"), ("first_reported", "DATE"),
        ("location_text", "VARCHAR"),
        ("projectiles_min", "INTEGER"), ("projectiles_max", "INTEGER"), ("intercepted_min", "INTEGER"),
        ("intercepted_max", "INTEGER"), ("killed_min", "INTEGER"), ("killed_max", "INTEGER"),
        ("wounded_min", "INTEGER"), ("wounded_max", "INTEGER"),
    ],
    "core.incident_links": [("incident_id", "VARCHAR"), ("mention_id", "VARCHAR")],
    # The inputs each whole-table build last ran on (fingerprint), so a rerun with nothing
    # changed skips the merge and the charts.
    "core.build_state": [("name", "VARCHAR"), ("fingerprint", "VARCHAR"), ("built_at", "TIMESTAMP")],
    "core.bases": [
        ("base_id", "VARCHAR"), ("name_en", "VARCHAR"), ("name_ar", "VARCHAR"), ("aliases", "VARCHAR[]"),
        ("country", "VARCHAR"), ("province", "VARCHAR"), ("latitude", "DOUBLE"), ("longitude", "DOUBLE"),
        ("hosts_us", "BOOLEAN"), ("hosts_coalition", "BOOLEAN"), ("hosting_from", "DATE"), ("hosting_to", "DATE"),
    ],
    "core.troop_presence": [
        ("country", "VARCHAR"), ("as_of", "DATE"), ("valid_to", "DATE"), ("us_troops", "INTEGER"),
        ("coalition_troops", "INTEGER"), ("n_bases", "INTEGER"), ("source", "VARCHAR"),
    ],
}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create schemas and tables, and add columns an older warehouse lacks."""
    # one catalog query first: every step opens the warehouse, and a statement per table
    # on each open cost a run more than its metadata did
    have: dict[str, set[str]] = {}
    for table, column in con.execute(
            "SELECT table_schema || '.' || table_name, column_name FROM information_schema.columns "
            "WHERE table_schema IN ('core', 'analytics')").fetchall():
        have.setdefault(table, set()).add(column)
    if all({name for name, _ in columns} <= have.get(table, set()) for table, columns in SCHEMA.items()):
        return
    con.execute("CREATE SCHEMA IF NOT EXISTS core; CREATE SCHEMA IF NOT EXISTS analytics;")
    for table, columns in SCHEMA.items():
        cols = ", ".join(f"{name} {kind}" for name, kind in columns)
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({cols})")
        for column, kind in columns:
            if table in have and column not in have[table]:  # a table just created has them all
                con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


ANALYTICS = {
    "incidents_enriched": """
        SELECT i.*, b.name_en AS base_name_en, b.name_ar AS base_name_ar, b.province,
               b.latitude, b.longitude, b.hosts_us, b.hosts_coalition,
               (b.base_id IS NOT NULL AND (b.hosting_from IS NULL OR b.hosting_from <= i.incident_date)
                AND (b.hosting_to IS NULL OR i.incident_date < b.hosting_to)) AS base_hosting_on_date,
               p.us_troops AS country_us_troops, p.coalition_troops AS country_coalition_troops,
               p.n_bases AS country_n_bases, p.as_of AS troops_as_of, p.source AS troops_source
        FROM core.incidents i
        LEFT JOIN core.bases b USING (base_id)
        LEFT JOIN core.troop_presence p
          ON p.country = i.country AND p.as_of <= i.incident_date
         AND (p.valid_to IS NULL OR i.incident_date < p.valid_to)
        ORDER BY i.incident_date, i.incident_id
    """,
    "daily_attacks": """
        SELECT incident_date AS day, country, count(*) AS attacks,
               count(*) FILTER (WHERE list_contains(weapons, 'drone')) AS drone_attacks,
               count(*) FILTER (WHERE list_contains(weapons, 'rocket')) AS rocket_attacks,
               count(*) FILTER (WHERE list_contains(weapons, 'missile')) AS missile_attacks,
               sum(projectiles) AS projectiles, sum(intercepted) AS intercepted,
               sum(killed) AS killed, sum(wounded) AS wounded
        FROM core.incidents
        GROUP BY ALL ORDER BY day, country
    """,
    "base_summary": """
        SELECT b.base_id, b.name_en, b.name_ar, b.country, b.province,
               count(i.incident_id) AS attacks, min(i.incident_date) AS first_attack,
               max(i.incident_date) AS last_attack, sum(i.projectiles) AS projectiles,
               sum(i.intercepted) AS intercepted,
               -- over the incidents where both figures are known: an interception reported
               -- without a count of what was fired says nothing about the rate
               round(sum(i.intercepted) FILTER (WHERE i.projectiles IS NOT NULL)
                     / nullif(sum(i.projectiles) FILTER (WHERE i.intercepted IS NOT NULL), 0), 3)
                   AS intercept_rate,
               sum(i.killed) AS killed, sum(i.wounded) AS wounded,
               -- the presence in force on the base's last attack (today's when it was never attacked)
               arg_max(p.us_troops, coalesce(i.incident_date, current_date)) AS country_us_troops,
               arg_max(p.coalition_troops, coalesce(i.incident_date, current_date)) AS country_coalition_troops
        FROM core.bases b
        LEFT JOIN core.incidents i USING (base_id)
        LEFT JOIN core.troop_presence p
          ON p.country = b.country AND p.as_of <= coalesce(i.incident_date, current_date)
         AND (p.valid_to IS NULL OR coalesce(i.incident_date, current_date) < p.valid_to)
        GROUP BY ALL ORDER BY attacks DESC, b.base_id
    """,
    "attack_tempo": """
        WITH days AS (
            SELECT unnest(generate_series(min(incident_date), max(incident_date), INTERVAL 1 DAY))::DATE AS day
            FROM core.incidents
        ), countries AS (SELECT DISTINCT country FROM core.incidents WHERE country IS NOT NULL),
        daily AS (SELECT incident_date AS day, country, count(*) AS attacks FROM core.incidents GROUP BY ALL)
        SELECT d.day, c.country, date_trunc('week', d.day)::DATE AS week,
               coalesce(x.attacks, 0) AS attacks,
               round(avg(coalesce(x.attacks, 0)) OVER (PARTITION BY c.country ORDER BY d.day
                     ROWS BETWEEN 6 PRECEDING AND CURRENT ROW), 3) AS attacks_7d_mean,
               sum(coalesce(x.attacks, 0)) OVER (PARTITION BY c.country, date_trunc('week', d.day)) AS attacks_week
        FROM days d CROSS JOIN countries c
        LEFT JOIN daily x ON x.day = d.day AND x.country = c.country
        ORDER BY d.day, c.country
    """,
    "attacks_per_troops": """
        SELECT i.country, count(*) AS attacks, min(i.incident_date) AS first_attack,
               max(i.incident_date) AS last_attack,
               any_value(p.us_troops) AS us_troops, any_value(p.coalition_troops) AS coalition_troops,
               any_value(p.us_troops) + coalesce(any_value(p.coalition_troops), 0) AS troops,
               round(1000.0 * count(*) / nullif(any_value(p.us_troops) + coalesce(any_value(p.coalition_troops), 0), 0),
                     3) AS attacks_per_1000_troops
        FROM core.incidents i
        LEFT JOIN core.troop_presence p
          ON p.country = i.country AND p.as_of <= i.incident_date
         AND (p.valid_to IS NULL OR i.incident_date < p.valid_to)
        WHERE i.country IS NOT NULL
        GROUP BY i.country ORDER BY attacks DESC
    """,
    "claimant_summary": """
        SELECT coalesce(claimed_by, 'unclaimed') AS claimant, count(*) AS attacks,
               count(DISTINCT base_id) AS bases, min(incident_date) AS first_attack,
               max(incident_date) AS last_attack, sum(killed) AS killed, sum(wounded) AS wounded
        FROM core.incidents
        GROUP BY ALL ORDER BY attacks DESC, claimant
    """,
}


class WarehouseError(RuntimeError):
    """The warehouse file cannot be used; the message names the file and the reason."""


# How long a writer waits for another process to release the file. A backfill's article
# step holds the file for minutes, so the wait is long; the env variable shortens it (tests).
LOCK_TIMEOUT_ENV = "BASEWATCH_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 900.0
# DuckDB's words for a write the disk refused (ENOSPC, EFBIG under a file-size limit, EDQUOT).
_DISK_FULL = ("no space left", "file too large", "disk quota", "could not write", "could not truncate",
              "could not fsync")


def lock_timeout() -> float:
    try:
        return float(os.environ.get(LOCK_TIMEOUT_ENV) or DEFAULT_LOCK_TIMEOUT)
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set lock" in text)


def _is_file_error(exc: duckdb.Error) -> bool:
    if isinstance(exc, duckdb.IOException | duckdb.FatalException | duckdb.PermissionException):
        return True
    return any(word in str(exc).lower() for word in _DISK_FULL)


def _file_error_in_chain(exc: BaseException) -> BaseException | None:
    """The file error behind exc, if any: a failed write surfaces later as 'transaction
    aborted' from the cleanup, with the real reason in its context."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, duckdb.Error) and _is_file_error(current):
            return current
        current = current.__cause__ or current.__context__
    return None


def describe_failure(path: Path, exc: BaseException) -> str:
    """One line that names the warehouse file and says what went wrong with it."""
    text = " ".join(str(exc).split())
    low = text.lower()
    if any(word in low for word in _DISK_FULL):
        return f"cannot write warehouse {path}: the disk is full or the file hit a size limit ({text})"
    if path.is_dir():
        return f"cannot open warehouse {path}: it is a directory, not a DuckDB file"
    if "permission denied" in low or "read-only file system" in low:
        return f"cannot open warehouse {path}: permission denied ({text})"
    if "not a valid duckdb database" in low or "unable to open database" in low:
        return f"cannot open warehouse {path}: the file is not a DuckDB database or is damaged ({text})"
    return f"cannot use warehouse {path}: {text}"


def _open(path: Path, read_only: bool, timeout: float, wait: float) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, waiting while another process holds the file's lock."""
    deadline = time.monotonic() + timeout
    attempt = 0
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise WarehouseError(describe_failure(path, exc)) from exc
            if time.monotonic() >= deadline:
                raise WarehouseError(f"warehouse {path} stayed locked by another process for {timeout:.0f} s "
                                     f"(set {LOCK_TIMEOUT_ENV} to wait longer): {exc}") from exc
        attempt += 1
        # capped backoff: a waiting run notices the file is free within a few seconds
        time.sleep(min(wait * (1 + attempt / 4), 5.0, max(deadline - time.monotonic(), 0.01)))


@contextmanager
def connect(path: Path, read_only: bool = False, timeout: float | None = None, wait: float = 0.2
            ) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, creating the schema; waits while another process holds the lock.

    One writing process per DuckDB file (dagster #16248, #19068): a second writer waits
    for the first instead of failing the run. An unusable file (garbage, a directory, no
    permission, a full disk) raises WarehouseError naming the file, also when a write in
    the body fails, so callers never show users a bare DuckDB traceback.
    """
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WarehouseError(f"cannot create the folder of warehouse {path}: {exc}") from exc
    elif not path.exists():
        raise WarehouseError(f"warehouse {path} does not exist: run `basewatch run` first")
    con = _open(path, read_only, lock_timeout() if timeout is None else timeout, wait)
    try:
        if not read_only:
            ensure_schema(con)
        yield con
    except duckdb.Error as exc:
        # IO and fatal errors are the file's fault (disk full, damaged), and so is a commit the
        # disk refused (a TransactionException); SQL errors stay as they are
        cause = _file_error_in_chain(exc)
        if cause is None:
            raise
        raise WarehouseError(describe_failure(path, cause)) from exc
    finally:
        try:
            con.close()
        except duckdb.Error as exc:  # the checkpoint on close writes too
            raise WarehouseError(describe_failure(path, exc)) from exc


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("_incoming", frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
    finally:
        con.unregister("_incoming")


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """All or nothing: a killed or failing write leaves the table as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _delete_keys(con: duckdb.DuckDBPyConnection, table: str, key: str, keys: pd.DataFrame) -> None:
    con.register("_keys", keys[[key]].drop_duplicates())
    try:
        con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM _keys)")
    finally:
        con.unregister("_keys")


def replace_window(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, start: dt.date,
                   end: dt.date, date_column: str = "published_date", key: str | None = None) -> None:
    """Idempotent partition write: delete the window's rows (and any row with a key being
    written, so an article whose date moved is not kept twice), then insert."""
    with _transaction(con):
        con.execute(f"DELETE FROM {table} WHERE {date_column} BETWEEN ? AND ?", [start, end])
        if key and not frame.empty:
            _delete_keys(con, table, key, frame)
        _insert(con, table, frame)


def upsert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, key: str) -> None:
    """Replace the rows whose key is in the frame, in one transaction."""
    replace_keys(con, table, frame, key, frame)


def replace_keys(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, key: str,
                 keys: pd.DataFrame) -> None:
    """Replace every row whose key is in `keys` (say, an article's mentions) with `frame`'s
    rows, in one transaction; keys with no row in the frame lose theirs."""
    replace_keys_together(con, [(table, frame, key, keys)])


def replace_keys_together(con: duckdb.DuckDBPyConnection,
                          writes: list[tuple[str, pd.DataFrame, str, pd.DataFrame]]) -> None:
    """Several replace_keys (table, frame, key, keys) in one transaction: rows that belong
    together (an article and its mentions) are never seen half written, and one commit
    costs less than two."""
    writes = [write for write in writes if not write[3].empty]
    if not writes:
        return
    with _transaction(con):
        for table, frame, key, keys in writes:
            _delete_keys(con, table, key, keys)
            _insert(con, table, frame)


def append_together(con: duckdb.DuckDBPyConnection, writes: list[tuple[str, pd.DataFrame]]) -> None:
    """Insert several frames (table, frame) in one transaction, replacing nothing: for rows
    whose keys the caller knows are new."""
    with _transaction(con):
        for table, frame in writes:
            _insert(con, table, frame)


def delete_stale(con: duckdb.DuckDBPyConnection, table: str, start: dt.date, end: dt.date, key: str,
                 keep: pd.DataFrame, date_column: str = "published_date") -> int:
    """Delete the window's rows whose key is not in `keep` (pages gone or moved); returns how many."""
    con.register("_keep", keep[[key]].drop_duplicates() if len(keep) else pd.DataFrame({key: pd.Series([], dtype=str)}))
    try:
        return con.execute(f"""DELETE FROM {table} WHERE {date_column} BETWEEN ? AND ?
                               AND {key} NOT IN (SELECT {key} FROM _keep)""", [start, end]).fetchone()[0]
    finally:
        con.unregister("_keep")


def replace_table(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Replace every row of a table in one transaction."""
    with _transaction(con):
        con.execute(f"DELETE FROM {table}")
        _insert(con, table, frame)


def append(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    _insert(con, table, frame)


def fingerprint(con: duckdb.DuckDBPyConnection, *tables: str, salt: str = "") -> str:
    """A cheap fingerprint of whole tables' contents: row count and the sum of row hashes."""
    parts = [salt]
    for table in tables:
        n, total = con.execute(f"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM {table} t").fetchone()
        parts.append(f"{table}:{n}:{total}")
    return "|".join(parts)


def last_build(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    row = con.execute("SELECT fingerprint FROM core.build_state WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def record_build(con: duckdb.DuckDBPyConnection, name: str, print_: str) -> None:
    with _transaction(con):
        con.execute("DELETE FROM core.build_state WHERE name = ?", [name])
        con.execute("INSERT INTO core.build_state VALUES (?, ?, now()::TIMESTAMP)", [name, print_])


def build_analytics(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """(Re)build one analytics table from core; returns its row count."""
    con.execute(f"CREATE OR REPLACE TABLE analytics.{name} AS {ANALYTICS[name]}")
    return con.execute(f"SELECT count(*) FROM analytics.{name}").fetchone()[0]


def count(con: duckdb.DuckDBPyConnection, table: str, where: str = "", params: list | None = None) -> int:
    sql = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
    return con.execute(sql, params or []).fetchone()[0]


def markdown_preview(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None, limit: int = 10) -> str:
    """The first rows of a query as a markdown table, for asset metadata."""
    frame = con.execute(f"SELECT * FROM ({sql}) LIMIT {int(limit)}", params or []).df()
    if frame.empty:
        return "_no rows_"
    frame = frame.map(lambda v: (str(v)[:80] + "…") if isinstance(v, str) and len(v) > 80 else v)
    return frame.to_markdown(index=False)
