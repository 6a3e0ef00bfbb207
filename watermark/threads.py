"""One BLAS thread for the detector's many small matrix products.

The products of detection are small (a few hundred rows); a multi-threaded BLAS splits
them anyway and, on a machine busy with other work, its threads wait for cores longer
than the product takes (measured: 0.3 ms on one thread, about 100 ms on two under load).
Detection instead spends its second core on decoding (FFmpeg's own threads).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

from threadpoolctl import threadpool_limits

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def one_blas_thread() -> Iterator[None]:
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def single_blas(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` with one BLAS thread."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with one_blas_thread():
            return func(*args, **kwargs)

    return wrapper
