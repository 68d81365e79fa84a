"""Measuring a batch: peak memory of the engine's processes, CPU time of a process tree.

The template process (`autograder.engine.zygote`) and every process forked from it (the
guardians and the sandboxed workers, template > guardian > worker) share its command line.
A sampler thread reads `VmHWM` (the peak resident set, which counts the pages a worker
shares with its template) and the CPU time of each such process of one engine run every few
milliseconds and keeps the largest peak seen, separately for templates and for workers. A forked worker's peak is read while it is alive; one that lives
less than the sampling period can be missed, which only makes the figure smaller.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

MARK = b"autograder.engine.zygote"


def _cmdline(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _status(pid: str) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def _cpu_ticks(pid: str) -> int | None:
    """utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[11]) + int(fields[12])


def _kib(value: str) -> int:
    return int(value.split()[0]) if value else 0


class EngineMemory:
    """Context manager: samples the processes of one engine run (set `owner` to the pid of
    its coordinator once started; other engines on the machine are ignored) until it exits."""

    def __init__(self, period: float = 0.02):
        self.period = period
        self.owner: int | None = None               # pid of the engine's coordinator
        self.worker_peak_kib = 0
        self.template_peak_kib = 0
        self.workers_seen: set[str] = set()
        self.cpu_ticks: dict[str, int] = {}         # forked process -> CPU ticks last seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        if self.owner is None:
            return
        parents = {}
        for pid in os.listdir("/proc"):
            if pid.isdigit() and MARK in _cmdline(pid):
                status = _status(pid)
                parents[pid] = (status.get("PPid", "").strip(), _kib(status.get("VmHWM", "")))
        owner = str(self.owner)
        templates = {pid for pid, (parent, _) in parents.items() if parent == owner}
        for pid, (parent, peak) in parents.items():
            if pid in templates:
                self.template_peak_kib = max(self.template_peak_kib, peak)
            elif parents.get(parent, ("",))[0] in templates:
                self.workers_seen.add(pid)               # a worker: template > guardian > worker
                self.worker_peak_kib = max(self.worker_peak_kib, peak)
                ticks = _cpu_ticks(pid)
                if ticks is not None:
                    self.cpu_ticks[pid] = ticks

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.period)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        return False

    @property
    def worker_cpu_seconds(self) -> float:
        """CPU time of the forked processes, as last sampled (a lower bound)."""
        return sum(self.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")

    @property
    def worker_peak_mib(self) -> float:
        return self.worker_peak_kib / 1024

    @property
    def template_peak_mib(self) -> float:
        return self.template_peak_kib / 1024


CPUACCT = Path("/sys/fs/cgroup/cpuacct")


class CpuTime:
    """Context manager: CPU seconds used by everything this process starts inside it.

    The other helpers of a shared machine make wall-clock times noisy; CPU time is not
    (much). This process joins a fresh cgroup-v1 `cpuacct` group for the duration, so every
    descendant (grading processes, kernels, template processes and their forked workers,
    whoever reaps them) is counted; this process's own CPU time over the same span is
    subtracted. `seconds` stays None where the cgroup cannot be made.
    """

    def __init__(self):
        self.seconds: float | None = None
        self.group = CPUACCT / f"bench-{os.getpid()}-{id(self)}"
        self._own = 0.0

    def __enter__(self):
        try:
            self.group.mkdir()
            (self.group / "cgroup.procs").write_text(str(os.getpid()))
        except OSError:
            self.group = None
        self._own = sum(os.times()[:2])
        return self

    def __exit__(self, *exc):
        if self.group is None:
            return False
        own = sum(os.times()[:2]) - self._own
        try:
            (CPUACCT / "cgroup.procs").write_text(str(os.getpid()))
            used = int((self.group / "cpuacct.usage").read_text()) / 1e9
            self.seconds = max(used - own, 0.0)
        except (OSError, ValueError):
            self.seconds = None
        for _ in range(50):            # the group empties as its last processes exit
            try:
                self.group.rmdir()
                break
            except OSError:
                threading.Event().wait(0.1)
        return False
