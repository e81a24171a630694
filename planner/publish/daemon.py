"""`planner run`: tick with a ``schedule.Scheduler()`` of its own and publish what is due.

``Daemon(job, tick_seconds).run()`` runs the job once at start, then every ``tick_seconds``,
until ``stop()`` is called or the process gets SIGINT/SIGTERM. The job reads the time from the
clock it was given (injectable in tests), so the scheduler only paces the ticks.

Edges (as schedule's own docs put it: ``run_pending()`` does not run missed jobs): a tick that
takes longer than the interval is not run twice to catch up; when the wall clock goes back
(schedule counts in naive local time: the autumn DST change, an NTP step) the next tick comes
at once instead of after the difference; a job that raises is logged
(message only, never a secret) and the loop keeps running; a signal during a tick lets the
current post finish (the job can poll ``stopping``; a wait inside a send uses ``wait``, which
returns at once when stopping) and then stops; only one ``planner run``
per home directory (``run_lock``), released by the OS even on kill -9.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from planner.errors import PublishError

log = logging.getLogger("planner.publish.daemon")


class Daemon:
    """A loop that calls ``job`` every ``tick_seconds`` and stops cleanly on a signal."""

    def __init__(self, job: Callable[[], Any], tick_seconds: float) -> None:
        self.job = job
        self.tick_seconds = max(0.05, float(tick_seconds))
        self._stop = threading.Event()
        self.scheduler: Any = None
        self.ticks = 0
        self.failures = 0

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def stop(self, *_: object) -> None:
        """Ask the loop to stop after the current tick (safe from a signal handler)."""
        self._stop.set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds`` inside a tick; True at once when the loop is stopping."""
        return self._stop.wait(seconds)

    def _tick(self) -> None:
        self.ticks += 1
        try:
            self.job()
        except Exception as exc:
            self.failures += 1
            log.error("tick %d failed: %s: %s", self.ticks, type(exc).__name__, exc)
            log.debug("tick failure details", exc_info=True)

    def run(self, install_signals: bool = True, on_start: Callable[[], Any] | None = None) -> int:
        """Run until stopped; returns the number of ticks run.

        ``on_start`` is called once the signal handlers are in place (a "ready" message).
        """
        previous: dict[signal.Signals, Any] = {}
        if install_signals and threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                previous[sig] = signal.signal(sig, self._on_signal)
        import schedule

        scheduler = self.scheduler = schedule.Scheduler()
        every = scheduler.every(self.tick_seconds)  # type: ignore[arg-type]
        every.seconds.do(self._tick)
        try:
            if on_start is not None:
                on_start()
            self._tick()
            while not self._stop.is_set():
                scheduler.run_pending()
                idle = scheduler.idle_seconds
                if idle is not None and idle > self.tick_seconds + 1:
                    # schedule counts in naive local time: after the wall clock went back (DST
                    # fall-back, an NTP step) it would not tick until that time came again
                    log.info("the clock went back %.0f s; ticking now", idle - self.tick_seconds)
                    scheduler.run_all()
                    idle = scheduler.idle_seconds
                wait = (
                    self.tick_seconds if idle is None else min(max(idle, 0.01), self.tick_seconds)
                )
                self._stop.wait(wait)
        finally:
            scheduler.clear()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        log.info("stopped after %d ticks", self.ticks)
        return self.ticks

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        log.info("got %s, stopping", signal.Signals(signum).name)
        self.stop()


@contextmanager
def run_lock(home: Path) -> Iterator[None]:
    """Hold ``home/run.lock`` for the duration; PublishError if another run holds it."""
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = home / "run.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise PublishError(
                f"another 'planner run' is already running (pid {holder}); stop it first"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)
