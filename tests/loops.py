"""Running a coroutine from a synchronous test."""

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def in_own_loop[T](coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to the end in a fresh event loop on its own thread: the browser tests'
    Playwright keeps a loop running in the main thread, where neither ``asyncio.run`` nor
    ``async_to_sync`` may start another."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
