"""`make bench`: the grading engine against `nbgrader autograde`, side by side, in one run.

For every assignment whose source notebook exists, a cohort of generated submissions (right
and wrong answers mixed, `benchmarks/cohort.py`) is graded

* by the engine: `python -m autograder grade` with `--jobs 2`, a fresh results folder, timed
  end to end (interpreter start, template start, sandboxed workers, gradebook, feedback);
* by plain `nbgrader autograde` on the first N_NB submissions of the same cohort (it runs the
  whole notebook, slow cells included, in a Jupyter kernel per submission);
* "bare": the same submissions' cells executed in this interpreter and the hidden checks run
  in-process (`autograder.runner.run_checks` + `NamespaceStudent`): the cost of calling the
  student's functions with no isolation at all.

It prints one table. nbgrader is measured at a small N only (it is slow); its seconds per
submission at larger N are the small-N figure, marked `~` (its per-submission cost is flat:
one kernel per notebook). Peak memory per worker is the largest VmHWM of a sandboxed worker
process (pages shared with the template included), sampled from /proc (`benchmarks/memory.py`).

`--quick` grades fewer submissions (development runs); the full run is for the record in
`benchmarks/README.md`.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.cohort import write_cohort          # noqa: E402
from benchmarks.measure import CpuTime, EngineMemory  # noqa: E402

NUMPY = ("rnn_step_by_step", "dinosaur_island")
FULL = {"sizes": {"rnn_step_by_step": (10, 100, 500), "dinosaur_island": (10, 100, 500),
                  "jazz_lstm": (10, 30)},
        "nbgrader": {"rnn_step_by_step": 10, "dinosaur_island": 2},
        "bare": {"rnn_step_by_step": 60, "dinosaur_island": 30, "jazz_lstm": 12}}
QUICK = {"sizes": {"rnn_step_by_step": (10, 50), "dinosaur_island": (10, 50),
                   "jazz_lstm": (3, 6)},
         "nbgrader": {"rnn_step_by_step": 3},
         "bare": {"rnn_step_by_step": 12, "dinosaur_island": 6, "jazz_lstm": 4}}
TARGETS = ("engine throughput >= 10x nbgrader (rnn_step_by_step, dinosaur_island); "
           "<= 0.25 s per numpy submission; jazz_lstm <= 3 s median per submission; "
           "jazz_lstm worker peak < 1.5 GiB")


def environment() -> dict:
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("PYTHONWARNINGS", "ignore")
    env.setdefault("MPLBACKEND", "Agg")
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


# ---- the engine ------------------------------------------------------------------------------

def engine_command(assignment: str, submitted: Path, results: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "autograder", "grade", str(submitted),
            "--assignment", assignment, "--jobs", str(jobs), "--results", str(results),
            "--gradebook", f"sqlite:///{results / 'gradebook.db'}",
            "--feedback", str(results / "feedback"), "--no-progress"]


def read_durations(results: Path) -> list[float]:
    """Seconds each submission took inside the engine, when its results record them."""
    found = []
    for path in (results / ".journal").rglob("*.json"):
        entry = json.loads(path.read_text())["result"]
        seconds = entry.get("seconds", entry.get("duration"))
        if isinstance(seconds, (int, float)):
            found.append(float(seconds))
    return found


def run_engine(assignment: str, submitted: Path, n: int, jobs: int, work: Path) -> dict:
    results = work / f"engine-{assignment}-{n}"
    shutil.rmtree(results, ignore_errors=True)
    results.mkdir(parents=True)
    command = engine_command(assignment, submitted, results, jobs)
    with EngineMemory() as memory, CpuTime() as cpu:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, env=environment(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        memory.owner = proc.pid
        stdout, stderr = proc.communicate()
        wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"engine failed on {assignment} (exit {proc.returncode}):\n"
                           f"{stdout[-2000:]}\n{stderr[-3000:]}")
    graded = sum(1 for _ in (results / ".journal").rglob("*.json"))
    durations = read_durations(results)
    return {"wall": wall, "per_sub": wall / n, "graded": graded,
            "cpu_per_sub": None if cpu.seconds is None else cpu.seconds / n,
            "median_latency": statistics.median(durations) if durations else None,
            "worker_mib": memory.worker_peak_mib, "template_mib": memory.template_peak_mib,
            "worker_cpu_per_sub": memory.worker_cpu_seconds / n}


# ---- nbgrader ---------------------------------------------------------------------------------

def run_nbgrader(assignment: str, paths: list[Path], work: Path) -> dict:
    from autograder.nbgrader_tools import autograde, prepare_course, run_nbgrader as nbgrader

    course = work / f"nbgrader-{assignment}"
    shutil.rmtree(course, ignore_errors=True)
    prepare_course(course, [assignment])
    db = f"sqlite:///{course / 'gradebook.db'}"
    nbgrader(["generate_assignment", assignment, "--force"], course, db)
    for path in paths:
        target = course / "submitted" / path.relative_to(path.parents[2])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    with CpuTime() as cpu:
        start = time.perf_counter()
        autograde(assignment, course, db)
        wall = time.perf_counter() - start
    graded = sum(1 for _ in (course / "autograded").glob(f"*/{assignment}/{assignment}.ipynb"))
    return {"wall": wall, "per_sub": wall / len(paths), "graded": graded, "n": len(paths),
            "cpu_per_sub": None if cpu.seconds is None else cpu.seconds / len(paths)}


# ---- bare cost ---------------------------------------------------------------------------------

def bare_cost(assignment: str, paths: list[Path]) -> float:
    """CPU seconds per submission to run its cells and the hidden checks in this interpreter."""
    import contextlib
    import io

    from autograder.assignments import source_notebook
    from autograder.notebook import graded_cells, read, setup_sources
    from autograder.runner import run_checks
    from autograder.student import NamespaceStudent

    setup = setup_sources(read(source_notebook(assignment)))
    compiled_setup = [compile(s, "<setup>", "exec") for s in setup]
    warm = {"__name__": "bare"}
    for code in compiled_setup:                  # pay one-off imports before timing
        exec(code, warm)
    start = time.process_time()
    for path in paths:
        namespace = {"__name__": "bare"}
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            for code in compiled_setup:
                exec(code, namespace)
            for source in graded_cells(read(path), assignment).sources.values():
                try:
                    exec(compile(source, "<cell>", "exec"), namespace)
                except Exception:
                    pass
            run_checks(assignment, NamespaceStudent(namespace))
    return (time.process_time() - start) / len(paths)


# ---- the table ---------------------------------------------------------------------------------

def fmt(value, spec=".3f", prefix="", suffix="") -> str:
    return "—" if value is None else f"{prefix}{value:{spec}}{suffix}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


HEADER = ["assignment", "N", "engine s", "engine s/sub", "engine CPU s/sub",
          "marginal CPU s/sub", "nbgrader s/sub",
          "nbgrader CPU s/sub", "speed-up wall", "speed-up CPU", "bare CPU s/sub",
          "overhead CPU s/sub", "worker peak MiB", "median s/sub"]


def render(rows: list[dict]) -> str:
    lines = []
    for r in rows:
        mark = "" if r.get("nb_measured", True) else "~"
        cpu, bare, marginal = r.get("cpu_per_sub"), r.get("bare"), r.get("marginal_cpu")
        lines.append([
            r["assignment"], str(r["n"]), fmt(r["wall"], ".1f"), fmt(r["per_sub"]), fmt(cpu),
            fmt(marginal),
            fmt(r.get("nb_per_sub"), ".2f", mark), fmt(r.get("nb_cpu_per_sub"), ".2f", mark),
            fmt(ratio(r.get("nb_per_sub"), r["per_sub"]), ".1f", mark, "x"),
            fmt(ratio(r.get("nb_cpu_per_sub"), cpu), ".1f", mark, "x"),
            fmt(bare), fmt(None if marginal is None or bare is None else marginal - bare),
            fmt(r.get("worker_mib"), ".0f"), fmt(r.get("median_latency"), ".2f")])
    widths = [max(len(h), *(len(l[i]) for l in lines)) for i, h in enumerate(HEADER)]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(HEADER, widths)) + " |",
           "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += ["| " + " | ".join(c.ljust(w) for c, w in zip(l, widths)) + " |" for l in lines]
    return "\n".join(out)


def add_marginals(rows: list[dict]) -> None:
    """CPU seconds per extra submission between consecutive N of an assignment: the cost of
    one more submission once the fixed costs (interpreter, imports, template start,
    gradebook creation) are paid."""
    previous: dict[str, dict] = {}
    for row in rows:
        before = previous.get(row["assignment"])
        if before and row.get("cpu_per_sub") is not None and before.get("cpu_per_sub") is not None:
            extra = row["cpu_per_sub"] * row["n"] - before["cpu_per_sub"] * before["n"]
            row["marginal_cpu"] = extra / (row["n"] - before["n"])
            row["fixed_cpu"] = row["cpu_per_sub"] * row["n"] - row["marginal_cpu"] * row["n"]
        previous[row["assignment"]] = row


def verdicts(rows: list[dict], jobs: int) -> list[str]:
    """Each target, met or missed, on wall-clock time and on CPU time / jobs (an idle machine)."""
    out = []
    verdict = lambda ok: "met" if ok else "MISSED"
    for assignment in NUMPY:
        mine = [r for r in rows if r["assignment"] == assignment]
        if not mine:
            continue
        big = max(mine, key=lambda r: r["n"])
        for r in (mine[0], big):
            if r.get("nb_per_sub") is None:
                continue
            wall = ratio(r["nb_per_sub"], r["per_sub"])
            cpu = ratio(r.get("nb_cpu_per_sub"), r.get("cpu_per_sub"))
            same = "" if r.get("nb_measured") else f" (nbgrader measured at N={r['nb_n']})"
            out.append(f"{assignment}: {wall:.1f}x nbgrader's throughput at N={r['n']}{same} "
                       f"(CPU: {fmt(cpu, '.1f')}x; target >= 10x): {verdict(wall >= 10)}")
        idle = None if big.get("cpu_per_sub") is None else big["cpu_per_sub"] / jobs
        out.append(f"{assignment}: {big['per_sub']:.3f} s per submission at N={big['n']} "
                   f"(CPU / jobs: {fmt(idle)} s; target <= 0.25 s): {verdict(big['per_sub'] <= 0.25)}")
    jazz = [r for r in rows if r["assignment"] == "jazz_lstm"]
    if jazz:
        big = max(jazz, key=lambda r: r["n"])
        median = big.get("median_latency") or big["per_sub"]
        out.append(f"jazz_lstm: median {median:.2f} s per submission, {big['per_sub']:.2f} s per "
                   f"submission of throughput at N={big['n']} (target <= 3 s): {verdict(median <= 3)}")
        peak = max(r["worker_mib"] for r in jazz)
        out.append(f"jazz_lstm: worker peak {peak:.0f} MiB (target < 1536 MiB): {verdict(peak < 1536)}")
    return out


def bench_assignment(assignment: str, plan: dict, jobs: int, no_nbgrader: bool, work: Path) -> list[dict]:
    """The table's rows for one assignment: nbgrader at small N, bare cost, engine at each N."""
    rows = []
    sizes = plan["sizes"][assignment]
    submitted = work / f"submitted-{assignment}"
    shutil.rmtree(submitted, ignore_errors=True)
    paths = write_cohort(assignment, max(sizes), submitted)
    nb = None
    n_nb = plan["nbgrader"].get(assignment)
    if n_nb and not no_nbgrader:
        print(f"[bench] nbgrader autograde {assignment} N={n_nb}", file=sys.stderr)
        nb = run_nbgrader(assignment, paths[:n_nb], work)
    print(f"[bench] bare cost {assignment}", file=sys.stderr)
    bare = bare_cost(assignment, paths[:min(plan["bare"][assignment], len(paths))])
    for n in sizes:
        subset = work / f"subset-{assignment}-{n}"
        shutil.rmtree(subset, ignore_errors=True)
        for path in paths[:n]:
            target = subset / path.relative_to(submitted)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target)
        print(f"[bench] engine {assignment} N={n}", file=sys.stderr)
        result = run_engine(assignment, subset, n, jobs, work)
        if result["graded"] != n:
            raise RuntimeError(f"engine recorded {result['graded']} of {n} submissions")
        row = {"assignment": assignment, "n": n, "bare": bare, **result}
        if nb is not None:
            row.update(nb_per_sub=nb["per_sub"], nb_cpu_per_sub=nb["cpu_per_sub"],
                       nb_measured=n == nb["n"], nb_n=nb["n"])
        rows.append(row)
    if nb is not None and not any(r["nb_measured"] for r in rows if r["assignment"] == assignment):
        rows.append({"assignment": assignment + " (nbgrader)", "n": nb["n"],
                     "wall": nb["wall"], "per_sub": nb["per_sub"],
                     "cpu_per_sub": nb["cpu_per_sub"]})
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer submissions (development)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--assignment", action="append", help="only this assignment (repeatable)")
    parser.add_argument("--no-nbgrader", action="store_true", help="skip nbgrader")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from autograder.assignments import available_assignments

    plan = QUICK if args.quick else FULL
    names = [a for a in available_assignments() if not args.assignment or a in args.assignment]
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows, failures = [], []
    load_before = os.getloadavg()[0]
    try:
        for assignment in names:
            try:
                rows += bench_assignment(assignment, plan, args.jobs, args.no_nbgrader, work)
            except Exception as err:      # report the others; say what failed
                failures.append(f"{assignment}: {type(err).__name__}: {str(err)[:500]}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"Grading {', '.join(names)} with --jobs {args.jobs} on {os.cpu_count()} cores"
          f"{' (quick run)' if args.quick else ''}; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after")
    add_marginals(rows)
    print(render(rows))
    print("s = wall-clock seconds, CPU = CPU seconds of the whole process tree; bare = cells and "
          "hidden checks run in-process without isolation; marginal = CPU per extra submission "
          "from the previous N; overhead = marginal - bare; "
          "~ = nbgrader measured at the smallest N, reused at larger N")
    print("CPU of the sandboxed workers alone, per submission (sampled from /proc, a lower "
          "bound): " + ", ".join(f"{r['assignment']} N={r['n']} {r['worker_cpu_per_sub']:.3f} s"
                                 for r in rows if r.get("worker_cpu_per_sub") is not None))
    fixed = {r["assignment"]: r["fixed_cpu"] for r in rows if r.get("fixed_cpu") is not None}
    if fixed:
        print("Fixed CPU cost of one engine batch (interpreter, imports, template start, gradebook "
              "creation), extrapolated to N=0: "
              + ", ".join(f"{a} {v:.1f} s" for a, v in fixed.items()))
    print("Targets: " + TARGETS)
    for line in verdicts(rows, args.jobs):
        print("  " + line)
    for line in failures:
        print("FAILED " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
