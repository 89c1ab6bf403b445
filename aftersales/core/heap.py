"""The start-up heap frozen out of the garbage collector's sight, in every long-lived process.

A process that serves requests or runs the periodic jobs holds Django, the apps and the libraries' tables: some
hundred thousand objects that live as long as it does. Each full pass of the collector walks all of them. After
start-up they are moved into the permanent generation (`gc.freeze`), so the passes walk only what the work
allocates (docs/decisions/022-request-cost.md: the web workers' figures; 021 §12: the sweep's). Objects created
later are collected as usual; nothing frozen is ever freed, and nothing frozen would have been.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import Any


def freeze_after_start(loaded: Iterable[Any] = ()) -> int:
    """Collect once and freeze what is alive; `loaded` is what the caller loaded for that (its jobs, its URLconf),
    kept alive here until the freeze. Returns how many objects are frozen."""
    kept = list(loaded)  # noqa: F841 - alive until the freeze
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
