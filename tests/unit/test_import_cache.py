"""The imports found in each module are kept between runs (`ucj.dag.deps`), and a kept entry is
used only for the very source it was found in and the same set of package modules: the code part
of every fingerprint cannot go stale through the cache."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from ucj import catalog
from ucj.dag import deps

pytestmark = pytest.mark.unit

MODULE = "ucj.summary.excel"


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An empty processed folder, and no imports remembered by this process."""
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(tmp_path))

    def forget() -> None:
        deps._saved_imports.cache_clear()
        deps._direct_imports.cache_clear()

    forget()
    yield forget
    forget()


def _parsed(module: str) -> frozenset[str]:
    path = deps.modules()[module]
    return frozenset(deps.imports_in_source(path.read_text(encoding="utf-8"), module))


def _plant(module: str, digest: str, imports: list[str], modules_digest: str | None = None) -> None:
    saved = json.loads(catalog.import_cache_path().read_text())
    saved["imports"][module] = [digest, imports]
    if modules_digest is not None:
        saved["modules"] = modules_digest
    catalog.import_cache_path().write_text(json.dumps(saved))


def test_the_imports_are_kept_and_reused_for_the_same_source(fresh_cache) -> None:
    deps.closure([MODULE])
    assert catalog.import_cache_path().is_file()
    fresh_cache()
    digest = hashlib.sha256(deps.modules()[MODULE].read_bytes()).hexdigest()
    _plant(MODULE, digest, ["ucj.paths"])  # a kept entry for this very source is taken as is
    assert deps.direct_imports(MODULE) == {"ucj.paths"}


def test_a_kept_entry_of_another_source_is_not_used(fresh_cache) -> None:
    deps.closure([MODULE])
    fresh_cache()
    _plant(MODULE, "0" * 64, ["ucj.paths"])  # as if the module had been edited since
    assert deps.direct_imports(MODULE) == _parsed(MODULE)


def test_kept_entries_are_dropped_when_the_package_gains_or_loses_a_module(fresh_cache) -> None:
    deps.closure([MODULE])
    fresh_cache()
    digest = hashlib.sha256(deps.modules()[MODULE].read_bytes()).hexdigest()
    _plant(MODULE, digest, ["ucj.paths"], modules_digest="another set of modules")
    assert deps.direct_imports(MODULE) == _parsed(MODULE)


def test_an_unreadable_cache_is_only_a_slower_run(fresh_cache) -> None:
    catalog.import_cache_path().parent.mkdir(parents=True, exist_ok=True)
    catalog.import_cache_path().write_text("{not json")
    assert deps.direct_imports(MODULE) == _parsed(MODULE)
