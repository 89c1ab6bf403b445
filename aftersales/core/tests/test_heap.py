"""The start-up heap frozen: what the caller loaded is alive at the freeze, and the count is the collector's."""

import gc

from aftersales.core.heap import freeze_after_start


def test_what_was_loaded_for_the_freeze_is_frozen_and_the_rest_collected_as_usual():
    gc.unfreeze()
    try:
        loaded = []
        count = freeze_after_start(loaded.append(n) or n for n in range(3))
        assert loaded == [0, 1, 2]  # the loading was run before the freeze
        assert count > 0
        assert gc.get_freeze_count() > 0
        assert gc.get_count()[0] < 100  # a collection ran just before: the youngest generation starts empty
    finally:
        gc.unfreeze()
