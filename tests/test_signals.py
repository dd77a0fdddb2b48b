"""Stop signals: exit codes, a signal held until the document being written is whole, workers reset."""

from __future__ import annotations

import os
import signal

import pytest

from factpull import signals
from factpull.signals import Interrupted, whole_writes


@pytest.fixture
def handlers():
    """Install factpull's handlers in this process for one test, then put pytest's back."""
    previous = signals.install()
    try:
        yield
    finally:
        signals.restore(previous)


@pytest.mark.parametrize("signum, code, message", [
    (signal.SIGINT, 130, "interrupted"),
    (signal.SIGTERM, 143, "terminated"),
    (signal.SIGHUP, 129, "hung up"),
])
def test_exit_codes_are_128_plus_the_signal(signum, code, message):
    stopped = Interrupted(signum)
    assert (stopped.exit_code, stopped.message) == (code, message)
    assert not isinstance(stopped, Exception)  # no library's `except Exception` swallows it


def test_signal_outside_a_write_stops_at_once(handlers):
    with pytest.raises(Interrupted) as stopped:
        os.kill(os.getpid(), signal.SIGTERM)
        signal.sigtimedwait([], 0)  # give the handler its turn
    assert stopped.value.exit_code == 143


def test_signal_during_a_write_waits_for_its_end(handlers):
    written = []
    with pytest.raises(Interrupted) as stopped, whole_writes():
        os.kill(os.getpid(), signal.SIGTERM)
        written.append("the rest of the line")
    assert written == ["the rest of the line"]
    assert stopped.value.signum == signal.SIGTERM


def test_a_second_signal_during_a_write_is_not_held(handlers):
    written = []
    with pytest.raises(Interrupted), whole_writes():
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGHUP)
        written.append("never")
    assert written == []


def test_ignored_signals_stay_ignored():
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as `nohup` starts a process
    try:
        previous = signals.install()
        try:
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
            assert signal.SIGHUP not in previous
        finally:
            signals.restore(previous)
    finally:
        signal.signal(signal.SIGHUP, before)


def test_forked_workers_die_on_sigterm_and_ignore_ctrl_c(handlers):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report its dispositions, then leave without running pytest's exit
        try:
            dispositions = (signal.getsignal(signal.SIGTERM) == signal.SIG_DFL,
                            signal.getsignal(signal.SIGHUP) == signal.SIG_DFL,
                            signal.getsignal(signal.SIGINT) == signal.SIG_IGN)
            os.write(write_end, repr(dispositions).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    reported = os.read(read_end, 100).decode()
    os.close(read_end)
    os.waitpid(pid, 0)
    assert reported == "(True, True, True)"
