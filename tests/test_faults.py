"""Faults during a batch: no result is lost or doubled, and a rerun grades only what is missing.

Each fault has a test: a sandboxed worker killed from outside, the template process killed,
a Dask worker lost while it grades, and the coordinator interrupted (Ctrl-C or SIGKILL) and
started again on the same results folder. Results are compared with a clean run of the same
cohort (`rnn_step_by_step`: fast, numpy only).
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from autograder.assignments import GRADED
from autograder.engine import coordinator
from autograder.engine.coordinator import grade_batch
from autograder.engine.journal import Journal
from autograder.nbgrader_tools import gradebook_scores
from autograder.submissions import solution_sources, with_graded_cells
from benchmarks.cohort import write_cohort
from tests.cohorts import gradable_assignments, normalized, write
from utils.paths import PROJECT_ROOT

ASSIGNMENT = "rnn_step_by_step"
N = 16
SLOW_STUDENTS = ("slow_a", "slow_b", "slow_c")

pytestmark = [pytest.mark.xdist_group(ASSIGNMENT),
              pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
              pytest.mark.skipif(ASSIGNMENT not in gradable_assignments(),
                                 reason=f"{ASSIGNMENT} is not built yet")]


def write_batch(root: Path) -> list[str]:
    """N generated submissions plus three correct ones whose first cell sleeps 1.5 s."""
    students = [p.parents[1].name for p in write_cohort(ASSIGNMENT, N, root)]
    first = GRADED[ASSIGNMENT][0]
    sources = solution_sources(ASSIGNMENT)
    sleepy = dict(sources, **{first: "import time\ntime.sleep(1.5)\n" + sources[first]})
    for student in SLOW_STUDENTS:
        write(with_graded_cells(ASSIGNMENT, sleepy), root, student, ASSIGNMENT)
    return students + list(SLOW_STUDENTS)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The batch and its clean local grades: (submitted folder, students, {student: result})."""
    root = tmp_path_factory.mktemp("faults") / "submitted"
    students = write_batch(root)
    clean = normalized(grade_batch(root, ASSIGNMENT, jobs=2, progress=False))
    assert sorted(clean) == sorted(students)
    return root, students, clean


def engine_processes() -> dict[int, tuple[int, str]]:
    """{pid: (parent pid, role)} of template processes, their guardians and workers."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        if b"autograder.engine.zygote" in cmdline:
            parent = int(next(l for l in status.splitlines() if l.startswith("PPid:")).split()[1])
            found[int(entry)] = parent
    roles = {}
    for pid, parent in found.items():
        if parent not in found:
            roles[pid] = (parent, "template")
        elif found.get(parent) not in found:
            roles[pid] = (parent, "guardian")
        else:
            roles[pid] = (parent, "worker")
    return roles


def kill_first(role: str, stop: threading.Event, killed: list, owner: int, results: Path) -> None:
    """Once three results are recorded, SIGKILL the next engine process of `role` that this
    test process started."""
    while not stop.is_set() and len(Journal(results).keys(ASSIGNMENT)) < 3:
        time.sleep(0.005)
    while not stop.is_set():
        processes = engine_processes()
        templates = {p for p, (parent, r) in processes.items() if r == "template" and parent == owner}
        for pid, (parent, r) in processes.items():
            ancestor = parent if r == "guardian" else processes.get(parent, (None,))[0]
            mine = (pid in templates) if role == "template" else (ancestor in templates)
            if r == role and mine:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
        time.sleep(0.005)


def check_outputs(results: Path, gradebook: str, students: list[str], batch) -> None:
    """Every student has exactly one result in the batch, the journal, results.json and the
    gradebook, and the gradebook's totals equal the JSON's."""
    assert sorted(r.student for r in batch.submissions) == sorted(students)
    keys = Journal(results).keys(ASSIGNMENT)
    assert sorted(keys) == sorted(students)
    assert all(len(k) == 1 for k in keys.values())
    scores = gradebook_scores(gradebook, ASSIGNMENT)
    assert sorted(scores) == sorted(students)
    import json

    for student in students:
        data = json.loads((results / student / ASSIGNMENT / "results.json").read_text())
        assert sum(scores[student].values()) == pytest.approx(data["score"])


@pytest.mark.parametrize("role", ["worker", "template"])
def test_engine_process_killed_mid_batch(reference, tmp_path, role):
    root, students, clean = reference
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=kill_first,
                              args=(role, stop, killed, os.getpid(), tmp_path / "results"))
    killer.start()
    gradebook = f"sqlite:///{tmp_path / 'gradebook.db'}"
    try:
        batch = grade_batch(root, ASSIGNMENT, jobs=2, progress=False, gradebook=gradebook,
                            results=tmp_path / "results")
    finally:
        stop.set()
        killer.join()
    assert killed, f"no {role} process was seen to kill"
    check_outputs(tmp_path / "results", gradebook, students, batch)
    got = normalized(batch)
    differ = [s for s in students if got[s] != clean[s]]
    if role == "template":
        # in-flight workers outlive their template; a new one starts
        assert differ == [], [(s, k, got[s][k], clean[s][k]) for s in differ
                              for k in clean[s] if got[s].get(k) != clean[s][k]]
    else:
        # The submission whose worker was killed lost at most the call in flight, and says so.
        assert len(differ) <= 1
        for student in differ:
            assert any("killed" in e or "SIGKILL" in e for e in got[student]["errors"]), got[student]


def test_dask_worker_lost_mid_batch(reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    root, students, clean = reference
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=":0", silence_logs=logging.CRITICAL) as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        pids = client.run(os.getpid)
        killed = []

        def kill_busy_worker():
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not killed:
                busy = [w for w, tasks in client.processing().items() if tasks]
                if busy and len(pids) == 2:
                    os.kill(pids[busy[0]], signal.SIGKILL)
                    killed.append(busy[0])
                    return
                time.sleep(0.05)

        gradebook = f"sqlite:///{tmp_path / 'gradebook.db'}"
        killer = threading.Thread(target=kill_busy_worker)
        killer.start()
        batch = grade_batch(root, ASSIGNMENT, scheduler=cluster.scheduler_address, progress=False,
                            gradebook=gradebook, results=tmp_path / "results")
        killer.join()
    assert killed, "no busy Dask worker was seen to kill"
    check_outputs(tmp_path / "results", gradebook, students, batch)
    assert normalized(batch) == clean     # the lost tasks ran again elsewhere, from scratch


def run_coordinator(root: Path, results: Path, gradebook: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT), TF_CPP_MIN_LOG_LEVEL="3")
    return subprocess.Popen(
        [sys.executable, "-m", "autograder", "grade", str(root), "--assignment", ASSIGNMENT,
         "--jobs", "2", "--results", str(results), "--gradebook", gradebook, "--no-progress"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "sigkill"])
def test_coordinator_interrupted_and_restarted(reference, tmp_path, monkeypatch, how):
    root, students, clean = reference
    results, gradebook = tmp_path / "results", f"sqlite:///{tmp_path / 'gradebook.db'}"
    journal = Journal(results)
    process = run_coordinator(root, results, gradebook)
    deadline = time.monotonic() + 120
    while len(journal.keys(ASSIGNMENT)) < 4 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(how)
    process.wait(60)
    recorded = len(journal.keys(ASSIGNMENT))
    assert 4 <= recorded < len(students), "the coordinator was not stopped mid-batch"

    graded = []
    real = coordinator.grade_one

    def counting(path, assignment, options=None):
        graded.append(options.student)
        return real(path, assignment, options)

    monkeypatch.setattr(coordinator, "grade_one", counting)
    batch = grade_batch(root, ASSIGNMENT, jobs=2, progress=False, gradebook=gradebook,
                        results=results)
    assert len(graded) == len(students) - recorded        # only what was missing
    assert len(set(graded)) == len(graded)
    check_outputs(results, gradebook, students, batch)
    assert normalized(batch) == clean

    graded.clear()                                        # a third run grades nothing
    again = grade_batch(root, ASSIGNMENT, jobs=2, progress=False, gradebook=gradebook,
                        results=results)
    assert graded == []
    assert normalized(again) == clean
    check_outputs(results, gradebook, students, again)
