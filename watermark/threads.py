"""One BLAS thread for the detector's many small matrix products.

The products of detection are small (a few hundred rows); a multi-threaded BLAS splits
them anyway and, on a machine busy with other work, its threads wait for cores longer
than the product takes (measured: 0.3 ms on one thread, about 100 ms on two under load).
Detection instead spends its second core on decoding (FFmpeg's own threads) and on the
per-frame work that releases the GIL (OpenCV, FFmpeg), through :func:`threaded_map`.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

from threadpoolctl import ThreadpoolController

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
_STATE = threading.local()
_CONTROLLER: list[ThreadpoolController] = []  # found once: finding it scans the libraries
_LOCK = threading.Lock()


def _controller() -> ThreadpoolController:
    with _LOCK:
        if not _CONTROLLER:
            _CONTROLLER.append(ThreadpoolController())
        return _CONTROLLER[0]


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """One BLAS thread inside (nested uses cost nothing)."""
    depth = getattr(_STATE, "depth", 0)
    if depth:
        _STATE.depth = depth + 1
        try:
            yield
        finally:
            _STATE.depth -= 1
        return
    _STATE.depth = 1
    try:
        with _controller().limit(limits=1, user_api="blas"):
            yield
    finally:
        _STATE.depth = 0


def single_blas(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` with one BLAS thread."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with one_blas_thread():
            return func(*args, **kwargs)

    return wrapper


def threaded_map(fn: Callable[[T], R], items: Iterable[T], workers: int = 2,
                 ahead: int = 16) -> Iterator[R]:
    """``fn(item)`` of each item, in order, computed on ``workers`` threads while the items
    are still being produced (at most ``ahead`` waiting): for work that releases the GIL
    (OpenCV, FFmpeg), so a stream's decoding and what is done with each frame share the
    two cores. ``fn`` must not depend on the order it is called in across items (OpenCV's
    random generator is per thread: RANSAC and the like stay with the caller). An error
    in ``fn`` is raised here, for its item; the items after it are not produced."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        pending: deque[Future[R]] = deque()
        try:
            for item in items:
                pending.append(pool.submit(fn, item))
                while len(pending) > ahead or (pending and pending[0].done()):
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()
