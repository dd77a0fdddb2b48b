"""Stopping on Ctrl-C, SIGTERM and SIGHUP alike: workers end, what was written stays whole.

In the main process each signal becomes `Interrupted` (a BaseException, so no library's
`except Exception` swallows it, and Typer does not turn it into a silent 130), raised after
spaCy's worker processes are terminated: left alone they block on their queues for ever, and
spaCy's own clean-up waits for them. A signal that arrives while a document is being written is
held until the document is complete (a second one is not: a process stuck on a full pipe must
still die). Worker processes forked from here do not keep these handlers: SIGTERM and SIGHUP kill
them at once, and they ignore Ctrl-C, since the main process stops them.

Exit codes follow the shell's convention, 128 + the signal's number: 130 for SIGINT (Ctrl-C),
143 for SIGTERM, 129 for SIGHUP.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

STOP_SIGNALS: tuple[int, ...] = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_MESSAGES = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated", signal.SIGHUP: "hung up"}
#: Seconds a terminated worker gets to end before it is killed.
WORKER_GRACE = 2.0


class Interrupted(BaseException):
    """The run was stopped by a signal; `exit_code` is 128 + its number."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def message(self) -> str:
        return _MESSAGES.get(self.signum, f"stopped by signal {self.signum}")


_main_pid: int | None = None
_writing = 0  # how deep inside `whole_writes` the main process is
_held: int | None = None  # a signal that arrived while writing


def stop_workers(grace: float = WORKER_GRACE) -> None:
    """Terminate this process's worker processes, kill those still alive after `grace` seconds,
    and reap them all, so none is left behind and none stays a zombie."""
    children = multiprocessing.active_children()
    if children:  # spaCy would warn that its workers did not complete: we ended them on purpose
        warnings.filterwarnings("ignore", message=r"\[W127\]")
    for child in children:
        child.terminate()
    for child in children:
        child.join(grace)
        if child.is_alive():
            child.kill()
            child.join(grace)


def _on_signal(signum: int, frame: FrameType | None) -> None:
    global _held
    if os.getpid() != _main_pid:  # a forked worker that ran no at-fork hook: act as the default
        _act_as_default(signum)
        return
    stop_workers()
    if _writing and _held is None:
        _held = signum
        return
    raise Interrupted(signum)


def _act_as_default(signum: int) -> None:
    if signum == signal.SIGINT:
        return
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _reset_in_child() -> None:
    """In a forked worker: SIGTERM and SIGHUP kill at once again; Ctrl-C is left to the parent."""
    for signum in STOP_SIGNALS:
        if signal.getsignal(signum) is _on_signal:
            signal.signal(signum, signal.SIG_IGN if signum == signal.SIGINT else signal.SIG_DFL)


_fork_hook_registered = False


def install() -> dict[int, Any]:
    """Handle SIGINT, SIGTERM and SIGHUP in this (the main) process; returns the previous handlers.

    A signal the parent set to be ignored stays ignored (`nohup` ignores SIGHUP, and shells start
    background jobs with SIGINT ignored). Does nothing outside the main thread, where Python
    allows no signal handlers.
    """
    global _main_pid, _fork_hook_registered
    if threading.current_thread() is not threading.main_thread():
        return {}
    _main_pid = os.getpid()
    if not _fork_hook_registered:
        os.register_at_fork(after_in_child=_reset_in_child)
        _fork_hook_registered = True
    previous = {}
    for signum in STOP_SIGNALS:
        if signal.getsignal(signum) == signal.SIG_IGN:  # `nohup`, or a shell's background job
            continue
        previous[signum] = signal.signal(signum, _on_signal)
    return previous


def restore(previous: dict[int, Any]) -> None:
    """Put back the handlers `install` returned."""
    for signum, handler in previous.items():
        signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


@contextmanager
def whole_writes() -> Iterator[None]:
    """Hold a stop signal until the document being written is complete, then raise it."""
    global _writing, _held
    _writing += 1
    try:
        yield
    finally:
        _writing -= 1
    if not _writing and _held is not None:
        signum, _held = _held, None
        raise Interrupted(signum)
