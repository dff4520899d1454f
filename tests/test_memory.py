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
