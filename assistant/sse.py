"""Server-Sent Events framing: one ``data:`` line of JSON per event, a ``: ping`` comment while
the answer is idle so proxies and browsers keep the connection open.

The events are produced in one task and read from a queue, so a heartbeat never interrupts a
provider call, and closing the stream (the client went away) cancels that task, which cancels
the provider's request.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator

import orjson
from django.conf import settings

from .services import Event

HEARTBEAT = b": ping\n\n"


def sse_line(event: Event) -> bytes:
    return b"data: " + orjson.dumps(event.as_dict()) + b"\n\n"


async def sse_stream(
    events: AsyncIterator[Event], heartbeat_seconds: float | None = None
) -> AsyncIterator[bytes]:
    interval = heartbeat_seconds or settings.ASSISTANT_HEARTBEAT_SECONDS
    queue: asyncio.Queue[Event | None] = asyncio.Queue()

    async def produce() -> None:
        try:
            async for event in events:
                queue.put_nowait(event)
        finally:
            queue.put_nowait(None)

    producer = asyncio.create_task(produce())
    try:
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), interval)
            except TimeoutError:
                yield HEARTBEAT
                continue
            if event is None:
                break
            yield sse_line(event)
        await producer
    finally:
        if not producer.done():
            # The client disconnected (GeneratorExit or CancelledError here): stop generating.
            producer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await producer
