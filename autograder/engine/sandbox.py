"""Confinement primitives for a worker process: namespaces, Landlock and resource limits.

Everything here is plain `ctypes` over Linux system calls, so it needs no extra package and
works from a process forked out of the pre-imported template (see `zygote.py`). Each
primitive reports whether it took effect; `Confinement` collects those reports, and the
grade says which measures were enforced. A primitive that the kernel refuses is skipped
loudly (it is reported as not enforced, with the reason), never silently.

Order matters and is fixed by `confine_namespaces` (in the single-threaded forked child,
before it forks the worker) and `confine_worker` (in the worker, before any student code).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import resource
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
PR_SET_NO_NEW_PRIVS = 38
PR_SET_PDEATHSIG = 1

# x86_64 and aarch64 share these numbers (the generic syscall table).
SYS_LANDLOCK_CREATE_RULESET = 444
SYS_LANDLOCK_ADD_RULE = 445
SYS_LANDLOCK_RESTRICT_SELF = 446
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1

FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_REMOVE_DIR = 1 << 4
FS_REMOVE_FILE = 1 << 5
FS_MAKE_CHAR = 1 << 6
FS_MAKE_DIR = 1 << 7
FS_MAKE_REG = 1 << 8
FS_MAKE_SOCK = 1 << 9
FS_MAKE_FIFO = 1 << 10
FS_MAKE_BLOCK = 1 << 11
FS_MAKE_SYM = 1 << 12
FS_REFER = 1 << 13          # ABI 2
FS_TRUNCATE = 1 << 14       # ABI 3
FS_IOCTL_DEV = 1 << 15      # ABI 5
NET_BIND_TCP = 1 << 0       # ABI 4
NET_CONNECT_TCP = 1 << 1    # ABI 4
SCOPE_ABSTRACT_UNIX = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1         # ABI 6

FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
READ_RIGHTS = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
WRITE_RIGHTS = (FS_WRITE_FILE | FS_REMOVE_DIR | FS_REMOVE_FILE | FS_MAKE_DIR | FS_MAKE_REG
                | FS_MAKE_SOCK | FS_MAKE_FIFO | FS_MAKE_SYM | FS_REFER | FS_TRUNCATE)

# The measures a grade reports, in a fixed order.
MEASURES = (
    "separate_process", "no_pickle_channel", "user_namespace", "network_namespace",
    "pid_namespace", "no_new_privs", "landlock_filesystem", "landlock_network",
    "landlock_signals", "rlimit_cpu", "rlimit_memory", "process_cap", "rlimit_file_size",
    "wall_clock_timeout", "hidden_files_unreadable", "cpu_fair_share",
)

GiB = 1 << 30
MiB = 1 << 20


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64),
                ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


@dataclass
class Limits:
    """Resource limits of one worker (per call for CPU; whole process for the rest)."""
    cpu_seconds: int = 30              # per request; the coordinator's wall clock is the same
    address_space: int = 4 * GiB       # TensorFlow imports in 2 GiB; Keras fits need 3 GiB
    processes: int = 256               # tasks (threads count) in the worker's user namespace
    file_size: int = 64 * MiB          # largest file the worker may write
    open_files: int = 256


@dataclass
class Confinement:
    """What was enforced for one worker: measure -> True/False, with reasons for failures."""
    enforced: dict[str, bool] = field(default_factory=lambda: {m: False for m in MEASURES})
    notes: list[str] = field(default_factory=list)
    host_uid: int = field(default_factory=os.getuid)   # taken before entering a user namespace

    def set(self, measure: str, ok: bool, why: str = "") -> None:
        self.enforced[measure] = bool(ok)
        if not ok and why:
            self.notes.append(f"{measure}: {why}")


def _errno_text() -> str:
    err = ctypes.get_errno()
    return f"{errno.errorcode.get(err, err)} ({os.strerror(err)})"


def landlock_abi() -> int:
    """Landlock ABI version of the running kernel (0 when Landlock is unavailable)."""
    version = _libc.syscall(SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                            ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
    return max(int(version), 0)


def confine_namespaces(conf: Confinement) -> None:
    """In a single-threaded process: new user, network, IPC and PID namespaces.

    The user namespace drops every capability the process had on the host (CI runs as root),
    the network namespace has only a down loopback device, and the PID namespace makes the
    next child its init, so that every process it leaves behind dies with it.
    """
    flags = CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWPID
    if _libc.unshare(ctypes.c_int(flags)) == 0:
        for measure in ("user_namespace", "network_namespace", "pid_namespace"):
            conf.set(measure, True)
        return
    why = _errno_text()
    # Fall back one namespace at a time so that whatever the host allows is still used.
    for measure, flag in (("user_namespace", CLONE_NEWUSER), ("network_namespace", CLONE_NEWNET),
                          ("pid_namespace", CLONE_NEWPID)):
        ok = _libc.unshare(ctypes.c_int(flag)) == 0
        conf.set(measure, ok, "" if ok else f"unshare refused: {_errno_text()} (first try: {why})")


def set_limits(conf: Confinement, limits: Limits) -> None:
    """Resource limits for the worker; every child and thread it makes inherits them."""
    def apply(measure, which, value):
        try:
            soft, hard = resource.getrlimit(which)
            cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (cap, cap))
            conf.set(measure, True)
        except (ValueError, OSError) as err:
            conf.set(measure, False, f"setrlimit failed: {err}")

    apply("rlimit_memory", resource.RLIMIT_AS, limits.address_space)
    capped_by_cgroup = conf.enforced["process_cap"]
    apply("process_cap", resource.RLIMIT_NPROC, limits.processes)
    # The kernel exempts real uid 0 from RLIMIT_NPROC: as root only a pids cgroup caps processes.
    conf.set("process_cap", capped_by_cgroup or conf.host_uid != 0,
             "" if capped_by_cgroup else "no pids cgroup and RLIMIT_NPROC does not bind root")
    apply("rlimit_file_size", resource.RLIMIT_FSIZE, limits.file_size)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass
    # Writing past the file-size cap then fails with EFBIG instead of killing the worker.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        cpu_ceiling(max(600, 20 * limits.cpu_seconds))
        conf.set("rlimit_cpu", True)   # and a per-request soft limit, set by `cpu_budget`
    except (ValueError, OSError) as err:
        conf.set("rlimit_cpu", False, f"setrlimit failed: {err}")


PIDS_CGROUP_ROOTS = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/unified"))


def make_pids_cgroup(name: str, limit: int) -> Path | None:
    """A pids cgroup (v1, or v2 with the pids controller) capped at `limit` tasks, or None."""
    for root in PIDS_CGROUP_ROOTS:
        try:
            if root.name != "pids" and "pids" not in (root / "cgroup.controllers").read_text().split():
                continue
            parent = root / "autograder"
            parent.mkdir(exist_ok=True)
            if root.name != "pids":
                (root / "cgroup.subtree_control").write_text("+pids")
                (parent / "cgroup.subtree_control").write_text("+pids")
            group = parent / name
            group.mkdir(exist_ok=True)
            (group / "pids.max").write_text(str(limit))
            return group
        except OSError:
            continue
    return None


CPU_CGROUP_ROOT = Path("/sys/fs/cgroup/cpu")


def make_cpu_cgroup(name: str) -> Path | None:
    """A cpu cgroup (v1) of its own, so that a worker and everything it starts share one
    worker's CPU share: a fork or thread bomb cannot starve the other submissions."""
    try:
        parent = CPU_CGROUP_ROOT / "autograder"
        parent.mkdir(exist_ok=True)
        group = parent / name
        group.mkdir(exist_ok=True)
        return group
    except OSError:
        return None


def join_cgroup(conf: Confinement, group: str | None, measure: str = "process_cap") -> None:
    """Move this process (and so everything it starts) into `group`."""
    if not group:
        conf.set(measure, False, "no cgroup could be created")
        return
    try:
        Path(group, "cgroup.procs").write_text(str(os.getpid()))
        conf.set(measure, True)
    except OSError as err:
        conf.set(measure, False, f"joining the cgroup failed: {err}")


_STALE_CGROUPS: list[str] = []


def remove_cgroup(group: str | None) -> None:
    """Remove a worker's cgroup; one whose tasks are still exiting is retried later."""
    for path in [*_STALE_CGROUPS, *([group] if group else [])]:
        try:
            os.rmdir(path)
        except FileNotFoundError:
            pass
        except OSError:
            if path not in _STALE_CGROUPS:
                _STALE_CGROUPS.append(path)
            continue
        if path in _STALE_CGROUPS:
            _STALE_CGROUPS.remove(path)


def remove_orphan_cgroups() -> None:
    """Remove the empty cgroups of template processes that no longer exist (killed batches)."""
    for root in (*PIDS_CGROUP_ROOTS, CPU_CGROUP_ROOT):
        parent = root / "autograder"
        owners = {g.name.split("-")[0] for g in parent.glob("*-*")} if parent.is_dir() else set()
        for owner in owners:
            if owner.isdigit() and not Path(f"/proc/{owner}").exists():
                # Workers of a template that died may still be grading: only empty groups go.
                for group in parent.glob(f"{owner}-*"):
                    remove_cgroup(str(group))


def remove_cgroups_of(owner_pid: int) -> None:
    """Kill what is left in the cgroups a template process made, then remove them."""
    for root in (*PIDS_CGROUP_ROOTS, CPU_CGROUP_ROOT):
        parent = root / "autograder"
        for group in parent.glob(f"{owner_pid}-*") if parent.is_dir() else ():
            try:
                for pid in (group / "cgroup.procs").read_text().split():
                    os.kill(int(pid), signal.SIGKILL)
            except (OSError, ValueError):
                pass
            for _ in range(40):
                try:
                    os.rmdir(group)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.05)


def _cpu_spent() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def cpu_ceiling(seconds: float) -> None:
    """The worker's total CPU allowance (hard limit, SIGKILL); set once, it cannot be raised."""
    hard = int(_cpu_spent() + seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))


def cpu_budget(seconds: float) -> None:
    """Allow `seconds` more CPU time from now (soft limit: SIGXCPU, below the hard ceiling)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    want = int(_cpu_spent() + seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (want if hard == resource.RLIM_INFINITY else min(want, hard), hard))


def no_new_privs(conf: Confinement) -> bool:
    ok = _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
    conf.set("no_new_privs", ok, "" if ok else f"prctl refused: {_errno_text()}")
    return ok


def read_paths(project_root: Path) -> list[Path]:
    """What a worker may read and execute: the interpreter, libraries, system files and only
    the parts of the project that student code or the trusted probes need."""
    prefixes = {Path(sys.base_prefix), Path(sys.prefix), Path(sys.exec_prefix),
                Path(sys.executable).resolve().parent.parent}
    system = [Path(p) for p in ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc",
                                "/proc", "/sys", "/dev", "/opt")]
    engine = project_root / "autograder" / "engine"
    project = [project_root / "utils", project_root / "data",
               project_root / "autograder" / "__init__.py",
               project_root / "autograder" / "wire.py",
               project_root / "autograder" / "student.py",
               project_root / "autograder" / "probes",
               engine / "__init__.py", engine / "worker.py", engine / "sandbox.py",
               engine / "zygote.py"]
    return [p for p in [*sorted(prefixes), *system, *project] if p.exists()]


def landlock(conf: Confinement, readable: list[Path], writable: list[Path]) -> None:
    """Restrict the filesystem to `readable` (read, execute) and `writable` (everything),
    deny TCP bind/connect and signals or abstract sockets outside the sandbox."""
    abi = landlock_abi()
    if abi < 1:
        for m in ("landlock_filesystem", "landlock_network", "landlock_signals"):
            conf.set(m, False, "Landlock is not available on this kernel")
        return
    handled_fs = (FS_MAKE_SYM << 1) - 1                       # ABI 1 rights
    if abi >= 2:
        handled_fs |= FS_REFER
    if abi >= 3:
        handled_fs |= FS_TRUNCATE
    if abi >= 5:
        handled_fs |= FS_IOCTL_DEV
    attr = _RulesetAttr(handled_fs, (NET_BIND_TCP | NET_CONNECT_TCP) if abi >= 4 else 0,
                        (SCOPE_ABSTRACT_UNIX | SCOPE_SIGNAL) if abi >= 6 else 0)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = _libc.syscall(SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr),
                            ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        for m in ("landlock_filesystem", "landlock_network", "landlock_signals"):
            conf.set(m, False, f"landlock_create_ruleset failed: {_errno_text()}")
        return
    try:
        rules = [(p, READ_RIGHTS) for p in readable] + [(p, READ_RIGHTS | WRITE_RIGHTS) for p in writable]
        rules.append((Path("/dev/null"), FS_READ_FILE | FS_WRITE_FILE))
        for path, rights in rules:
            rights &= handled_fs
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                if not Path(path).is_dir():
                    rights &= FILE_RIGHTS
                rule = _PathBeneathAttr(rights, fd)
                if _libc.syscall(SYS_LANDLOCK_ADD_RULE, ctypes.c_int(ruleset),
                                 ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH), ctypes.byref(rule),
                                 ctypes.c_uint32(0)) != 0:
                    conf.notes.append(f"landlock rule for {path} refused: {_errno_text()}")
            finally:
                os.close(fd)
        if _libc.syscall(SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            why = f"landlock_restrict_self failed: {_errno_text()}"
            for m in ("landlock_filesystem", "landlock_network", "landlock_signals"):
                conf.set(m, False, why)
            return
    finally:
        os.close(ruleset)
    conf.set("landlock_filesystem", True)
    conf.set("landlock_network", abi >= 4, "" if abi >= 4 else f"Landlock ABI {abi} has no network rules")
    conf.set("landlock_signals", abi >= 6, "" if abi >= 6 else f"Landlock ABI {abi} has no scopes")


def confine_worker(conf: Confinement, limits: Limits, project_root: Path, scratch: Path) -> None:
    """In the worker, before student code: limits, no new privileges, then Landlock."""
    set_limits(conf, limits)
    if no_new_privs(conf):
        landlock(conf, read_paths(project_root), [scratch])
    else:
        for m in ("landlock_filesystem", "landlock_network", "landlock_signals"):
            conf.set(m, False, "needs no_new_privs")
    verify_hidden(conf, project_root)


def verify_hidden(conf: Confinement, project_root: Path) -> None:
    """Try to read what the worker must not see; the measure holds only if every try fails."""
    packages = {project_root / "autograder"}
    if "autograder" in sys.modules and getattr(sys.modules["autograder"], "__file__", None):
        packages.add(Path(sys.modules["autograder"].__file__).resolve().parent)   # installed copy
    secrets = [project_root / "source"]
    for package in sorted(packages):
        secrets += [package / "checks", package / "cases", package / "expected", package / "runner.py"]
    readable = []
    for path in secrets:
        try:
            if path.is_dir():
                os.listdir(path)
            else:
                os.close(os.open(path, os.O_RDONLY))
            readable.append(str(path))
        except OSError:
            pass
    hidden_modules = ("autograder.checks", "autograder.cases", "autograder.expected",
                      "autograder.runner")
    readable += [f"module {name} (already imported)" for name in sys.modules
                 if name.startswith(hidden_modules)]
    conf.set("hidden_files_unreadable", not readable,
             f"readable from the sandbox: {', '.join(readable)}" if readable else "")
