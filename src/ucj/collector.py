"""When Python's cyclic garbage collector runs in the project's own processes.

CPython collects its youngest generation every 700 new container objects (lists, dicts,
instances) and walks what is alive each time. Two places pay for that without gaining anything:

- a warm-up (a report worker's imports; its kernel's imports, first figure and tables): all it
  creates lives as long as the process. It runs with the collector paused (`paused`), and what it
  created is then frozen (the Python documentation's advice for long-lived processes): later
  collections no longer walk it. Measured: a kernel's warm-up a fifth less CPU time (1.59 to
  1.25 s, mean of four pairs).
- the data stages (`ucj.stages.run_stages`): pandas work creates millions of objects that reference
  counting alone frees. They run with the youngest generation collected every 100,000 new
  containers (`relaxed`): 11% less CPU time (0.2 s) for the run process on a one-regency change.
  Reference cycles are still collected, later: a forced full data run peaks at about 790 MB
  instead of 630 MB.

Not while reports execute: a report kernel's figures leave cycles behind, and with the relaxed
pace a full build took 14% more CPU time (measured). Outputs are the same bytes either way.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: The relaxed pace: the youngest generation every 100,000 new containers (CPython: 700), the
#: older two after 50 and 100 collections of the one below (CPython: 10 and 10).
THRESHOLDS = (100_000, 50, 100)


@contextmanager
def relaxed() -> Iterator[None]:
    """Collect at the relaxed pace (`THRESHOLDS`) inside; the process's own pace again after."""
    before = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def paused() -> Iterator[None]:
    """No collection inside (a warm-up); what is alive at the end is frozen, out of later
    collections' walks, for the rest of the process."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
