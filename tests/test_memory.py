"""analysis.memory: giving freed memory back to the system."""

from __future__ import annotations

import pytest

from analysis import memory


def test_release_only_above_the_threshold():
    assert memory.release(memory.RELEASE_ABOVE) is False  # a streamed chunk's size: no call
    assert memory.release(0) is False


def test_release_calls_malloc_trim_where_there_is_one():
    if memory._trim() is None:
        pytest.skip("this C library has no malloc_trim")
    assert memory.release(memory.RELEASE_ABOVE + 1) is True
    assert memory.release() is True


def test_fewer_collections_raises_the_young_threshold_and_restores_it():
    import gc

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with memory.fewer_collections(5000):
            assert gc.get_threshold() == (5000, 10, 10)
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(9000, 3, 4)  # a threshold already higher is kept
        with memory.fewer_collections(5000):
            assert gc.get_threshold() == (9000, 3, 4)
        gc.set_threshold(700, 3, 4)
        with pytest.raises(RuntimeError), memory.fewer_collections(5000):  # restored on error too
            assert gc.get_threshold() == (5000, 3, 4)
            raise RuntimeError("inside")
        assert gc.get_threshold() == (700, 3, 4)
    finally:
        gc.set_threshold(*before)


def test_with_fewer_collections_runs_the_function_inside():
    import gc

    seen = memory.with_fewer_collections(lambda k, extra=0: gc.get_threshold()[0] + k + extra, 1, extra=2)
    assert seen == max(memory.GC_THRESHOLD, gc.get_threshold()[0]) + 3
