"""The per-assignment template process that forks sandboxed workers.

Importing TensorFlow takes seconds and music21 most of one; a template ("zygote") pays that
once per batch. It is started by the coordinator with a clean environment, imports the
modules the source notebook's setup cells import (it never runs a TensorFlow op, so its
children can fork safely), then waits on a control socket. For each request it receives two
socket ends (SCM_RIGHTS) and forks a guardian child, which

1. closes every other descriptor, so a worker sees nothing of the coordinator or of other
   workers;
2. enters new user, network, IPC and PID namespaces (`sandbox.confine_namespaces`);
3. forks the worker, PID 1 of the new PID namespace, which confines itself further and
   serves requests (`worker.serve`); when it dies, the kernel kills whatever it left behind;
4. reports the worker's host pid, then its exit status, on the status socket, and exits.

The zygote answers each request with the guardian's pid. It holds no secrets: it never
reads checks, cases, expected outputs or submissions.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import socket
from pathlib import Path

from autograder.engine import sandbox, worker


def _preimport(modules: list[str]) -> list[str]:
    failed = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as err:  # an optional module the setup cells name may be missing
            failed.append(f"{name}: {type(err).__name__}: {err}")
    return failed


def _close_fds_except(keep: set[int]) -> None:
    low = 3
    for fd in sorted(k for k in keep if k >= 3):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, 65536)


def _send(sock: socket.socket, message: dict) -> None:
    """One JSON document per line (status stream) or per packet (control socket)."""
    sock.sendall((json.dumps(message) + "\n").encode())


def _exit_status(status: int) -> dict:
    if os.WIFSIGNALED(status):
        return {"signal": os.WTERMSIG(status)}
    return {"code": os.waitstatus_to_exitcode(status)}


def _guardian(channel_fd: int, status_fd: int, request: dict, project_root: Path) -> None:
    """Runs in the forked child; never returns."""
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        _close_fds_except({0, 1, 2, channel_fd, status_fd})
        status = socket.socket(fileno=status_fd)
        conf = sandbox.Confinement()
        conf.set("separate_process", True)
        conf.set("no_pickle_channel", True)
        conf.set("wall_clock_timeout", True)
        sandbox.join_cgroup(conf, request.get("cgroup"))
        sandbox.join_cgroup(conf, request.get("cpu_cgroup"), "cpu_fair_share")
        sandbox.confine_namespaces(conf)
        limits = sandbox.Limits(**request["limits"])
        scratch = Path(request["scratch"])
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                os.close(status_fd)
                worker.serve(channel_fd, scratch, limits, conf, project_root)
            except BaseException:
                code = 70
            os._exit(code)
        os.close(channel_fd)
        _send(status, {"pid": pid})
        _, raw = os.waitpid(pid, 0)
        _send(status, _exit_status(raw))
    except BaseException:
        os._exit(71)
    os._exit(0)


def serve(control: socket.socket, project_root: Path) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)       # guardians are reaped automatically
    forks = 0
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, 1 << 16, 2)
        except OSError:
            return
        if not data:
            return
        try:
            request = json.loads(data)
            channel_fd, status_fd = fds
        except (ValueError, TypeError):
            for fd in fds:
                os.close(fd)
            _send(control, {"error": "malformed fork request"})
            continue
        forks += 1
        group = sandbox.make_pids_cgroup(f"{os.getpid()}-{forks}",
                                         int(request["limits"]["processes"]) + 2)
        request["cgroup"] = str(group) if group else None
        cpu_group = sandbox.make_cpu_cgroup(f"{os.getpid()}-{forks}")
        request["cpu_cgroup"] = str(cpu_group) if cpu_group else None
        pid = os.fork()
        if pid == 0:
            _guardian(channel_fd, status_fd, request, project_root)
        os.close(channel_fd)
        os.close(status_fd)
        _send(control, {"pid": pid, "cgroups": [g for g in (request["cgroup"], request["cpu_cgroup"]) if g]})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--imports", default="[]")
    args = parser.parse_args()
    control = socket.socket(fileno=args.fd)
    failed = _preimport(json.loads(args.imports))
    _send(control, {"ready": True, "pid": os.getpid(), "import_failures": failed})
    serve(control, Path(args.root))


if __name__ == "__main__":
    main()
