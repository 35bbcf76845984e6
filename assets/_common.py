"""Small helpers shared by the asset modules."""

from __future__ import annotations

import dagster as dg


def check(name: str, asset_key: list[str], offending: list, blocking: bool = False,
          what: str = "rows") -> dg.AssetCheckResult:
    """An asset check result that names the offending rows when it fails."""
    return dg.AssetCheckResult(
        check_name=name,
        asset_key=dg.AssetKey(asset_key),
        passed=not offending,
        severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        metadata={f"offending {what}": dg.MetadataValue.text("\n".join(map(str, offending[:20])) or "none"),
                  "count": len(offending)},
    )


def spec(name: str, asset_key: list[str], description: str, blocking: bool = False) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(name=name, asset=dg.AssetKey(asset_key), description=description, blocking=blocking)
