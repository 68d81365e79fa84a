"""Run the jazz_lstm assignment and its grading on a GPU (a manual check, not part of `make test`).

The GPU machines this project is lent have JAX with CUDA but no TensorFlow, so the check runs
Keras 3 on its JAX backend: the notebook's code is backend-neutral (`keras.ops` only). It

1. grades the source solutions with every hidden check (expected outputs were recorded on the
   CPU with TensorFlow, so this also shows the tolerances hold across backends and devices);
2. executes every code cell of the source notebook in order, slow training included, timing
   each, and copies the generated MIDI and WAV to $OUT.

Usage on the GPU machine: `KERAS_BACKEND=jax python3 tests/gpu/jazz_on_gpu.py`.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_DEFAULT_MATMUL_PRECISION", "highest")   # no TF32 in matmuls
os.environ.setdefault("MPLBACKEND", "Agg")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> int:
    import jax
    import keras

    report = {"backend": keras.backend.backend(), "devices": [str(d) for d in jax.devices()]}
    print(json.dumps(report), flush=True)
    if not any(d.platform == "gpu" for d in jax.devices()) and not os.environ.get("GPU_CHECK_DRY_RUN"):
        print("no GPU visible to JAX", file=sys.stderr)
        return 2

    from autograder.notebook import code_cells, read, solution_namespace
    from autograder.runner import run_checks
    from autograder.student import NamespaceStudent

    start = time.perf_counter()
    results = run_checks("jazz_lstm", NamespaceStudent(solution_namespace("jazz_lstm")))
    failed = [f"{r.name}: {r.message}" for r in results if r.status != "passed"]
    print(f"hidden checks on GPU: {len(results) - len(failed)}/{len(results)} passed "
          f"in {time.perf_counter() - start:.1f} s", flush=True)
    for line in failed:
        print("  FAILED", line, flush=True)

    nb = read(ROOT / "source" / "jazz_lstm" / "jazz_lstm.ipynb")
    work = Path(tempfile.mkdtemp())
    os.chdir(work)
    namespace: dict = {"__name__": "__main__"}
    errors = []
    for index, cell in enumerate(code_cells(nb)):
        tags = cell.get("metadata", {}).get("tags", [])
        cell_start = time.perf_counter()
        sink = io.StringIO()
        try:
            with contextlib.redirect_stdout(sink):
                exec(compile(cell.source, f"<cell {index}>", "exec"), namespace)
        except Exception as err:
            errors.append(f"cell {index}: {type(err).__name__}: {err}")
        took = time.perf_counter() - cell_start
        last = sink.getvalue().strip().splitlines()[-1:] or [""]
        print(f"cell {index:2d} {','.join(tags):12s} {took:6.1f} s  {last[0][:110]}", flush=True)
    for line in errors:
        print("  ERROR", line, flush=True)

    out = Path(os.environ.get("OUT", work / "out"))
    out.mkdir(parents=True, exist_ok=True)
    for name in ("my_music.midi", "rendered.wav"):
        if (work / "output" / name).is_file():
            shutil.copyfile(work / "output" / name, out / name)
    return 1 if failed or errors else 0


if __name__ == "__main__":
    sys.exit(main())
