"""A small pool of worker processes that a batch can stop at once, and that dies with its parent.

Why not `concurrent.futures` or `multiprocessing.Pool`: before Python 3.14 neither can end the tasks
that are running when the user presses Ctrl-C (only cancel queued ones), and `multiprocessing.Pool`
waits forever for a task whose worker died. Here each worker gets one task at a time over its own pipe,
so the parent knows what every worker is doing, starts nothing new once told to stop, and ends the
running ones at once. Workers die with the parent: on Linux the kernel kills them
(PR_SET_PDEATHSIG); elsewhere they notice within half a second that their parent is gone.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable
from multiprocessing.connection import Connection, wait
from typing import Any

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
        else:
            if os.getppid() != parent_pid:  # the parent died before prctl took effect
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _main(
    conn: Connection, parent_pid: int, init: Callable[[Any], None], init_arg: Any, func: Callable[..., Any]
) -> None:
    _die_with_parent(parent_pid)
    # A Ctrl-C in the terminal reaches every process of the group: the parent decides what stops.
    # SIGTERM ends a worker, whatever handler it inherited from the parent by fork.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    init(init_arg)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        conn.send(func(*task))


class _Worker:
    def __init__(self, context, init, init_arg, func):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_main, args=(child, os.getpid(), init, init_arg, func), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple | None = None

    def end(self) -> None:
        """Stop the worker now: SIGKILL, as it holds nothing to save (its files are the parent's to remove)."""
        self.process.kill()
        self.process.join()
        self.conn.close()


def run_tasks(
    func: Callable[..., Any],
    tasks: Iterable[tuple],
    *,
    jobs: int,
    init: Callable[[Any], None],
    init_arg: Any,
    stop: Callable[[], bool],
    lost: Callable[[tuple, int | None], Any],
) -> Generator[Any, None, None]:
    """`func(*task)` for each task over `jobs` worker processes, yielding results as they come.

    `init(init_arg)` runs once in each worker. Once `stop()` is true, no task is started and running
    ones are ended. A task whose worker died yields `lost(task, exit code)`; a new worker takes over.
    Results come out of order: each carries what the caller needs to place it.
    """
    # fork on Linux: workers start at once, and their parent is this process (PR_SET_PDEATHSIG needs that)
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    pending = iter(tasks)
    workers = [_Worker(context, init, init_arg, func) for _ in range(jobs)]
    exhausted = False
    try:
        while not stop():
            for i, worker in enumerate(workers):
                if worker.task is not None or exhausted:
                    continue
                if not worker.process.is_alive():  # died between tasks: replace it
                    worker.end()
                    workers[i] = worker = _Worker(context, init, init_arg, func)
                worker.task = next(pending, None)
                if worker.task is None:
                    exhausted = True
                    break
                try:
                    worker.conn.send(worker.task)
                except OSError:  # died just now; the task is reported lost below
                    pass
            busy = [w for w in workers if w.task is not None]
            if not busy:
                return
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=0.2)
            for i, worker in enumerate(workers):
                if worker.task is None or not (worker.conn in ready or worker.process.sentinel in ready):
                    continue
                try:
                    result = worker.conn.recv()
                except (EOFError, OSError):  # the worker died with the task
                    worker.process.join()
                    task, code = worker.task, worker.process.exitcode
                    worker.end()
                    workers[i] = _Worker(context, init, init_arg, func)
                    yield lost(task, code)
                    continue
                worker.task = None
                yield result
    finally:
        for worker in workers:
            worker.end()
