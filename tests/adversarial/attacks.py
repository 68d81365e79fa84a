"""Hostile submissions of rnn_step_by_step, one per attack on the grading engine.

Each attack is the full solution notebook with one graded cell replaced by hostile code
(`cell`), or with the notebook itself tampered with (`transform`), or a file that is not a
notebook at all (`raw`). `target` is the graded function it attacks; `score` is the exact
score that function must get (`"max"`: its full points, because the attack only tries to
disturb the grader); `outcome` is a lowercase phrase the target's check messages or the
submission's errors must contain (alternatives separated by "|"), checked when the sandbox measure in `needs` is enforced.

Placeholders filled in when the notebooks are built: @PROJECT@ (the project root),
@OTHER@ (another student's submitted notebook), @GRADEBOOK@ (the gradebook file),
@GRADER_PID@ (the coordinator's pid), @MARKER@ (a tag to find leftover processes).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Attack:
    name: str
    target: str | None              # None: the whole file is hostile
    cell: str | None = None
    transform: Callable | None = None
    raw: bytes | None = None
    score: float | str = 0.0
    outcome: str | None = None
    needs: str | None = None


def _fn(name: str, body: str, prelude: str = "") -> str:
    """A cell defining `name(*args, **kwargs)` with `body` (indented four spaces)."""
    lines = "\n".join("    " + line for line in body.strip("\n").splitlines())
    return f"{prelude}def {name}(*args, **kwargs):\n{lines}\n"


def _set_graded(nb, grade_id, source):
    from autograder.notebook import code_cells, nbgrader_meta

    for cell in code_cells(nb):
        if nbgrader_meta(cell).get("grade_id") == grade_id:
            cell.source = source
    return nb


def _rename(grade_id, new_name):
    def transform(nb):
        from autograder.notebook import code_cells, nbgrader_meta

        for cell in code_cells(nb):
            if nbgrader_meta(cell).get("grade_id") == grade_id:
                cell.source = cell.source.replace(f"def {grade_id}(", f"def {new_name}(")
        return nb
    return transform


def _delete_graded(grade_id):
    def transform(nb):
        from autograder.notebook import nbgrader_meta

        nb.cells = [c for c in nb.cells if nbgrader_meta(c).get("grade_id") != grade_id]
        return nb
    return transform


def _inflate_test_cells(nb):
    """Edit every locked test cell: its code passes trivially and it claims 1000 points."""
    from autograder.notebook import code_cells, nbgrader_meta

    for cell in code_cells(nb):
        meta = nbgrader_meta(cell)
        if meta.get("grade"):
            meta["points"] = 1000
            cell.source = "print('all tests passed')"
    return nb


def _keep_only_graded(nb):
    """Delete every cell but the graded solution cells (setup, tests, markdown)."""
    from autograder.notebook import nbgrader_meta

    nb.cells = [c for c in nb.cells if nbgrader_meta(c).get("solution")]
    return nb


def _strip_metadata(nb):
    for cell in nb.cells:
        cell.metadata = {}
    return nb


def _wrap_solution(grade_id, wrapper_body):
    """Keep the solution under another name; `grade_id` runs `wrapper_body`, then it."""
    def transform(nb):
        from autograder.notebook import code_cells, nbgrader_meta

        for cell in code_cells(nb):
            if nbgrader_meta(cell).get("grade_id") == grade_id:
                real = cell.source.replace(f"def {grade_id}(", f"def _real_{grade_id}(")
                cell.source = real + "\n\n" + _fn(grade_id, wrapper_body + f"\nreturn _real_{grade_id}(*args, **kwargs)")
        return nb
    return transform


ATTACKS = [
    Attack("syntax_error", "rnn_forward",
           cell="def rnn_forward(x, a0, parameters):\n    return x +* 2\n",
           outcome="syntax error"),
    Attack("renamed_function", "lstm_forward", transform=_rename("lstm_forward", "lstm_forward_v2"),
           outcome="renamed"),
    Attack("deleted_graded_cell", "lstm_backward", transform=_delete_graded("lstm_backward"),
           outcome="no cell for lstm_backward"),
    Attack("raises_exception", "rnn_backward", cell=_fn("rnn_backward", "raise ValueError('no')"),
           outcome="raised valueerror"),
    Attack("infinite_loop", "rnn_forward", cell=_fn("rnn_forward", "while True:\n    pass"),
           outcome="timed out after"),
    Attack("top_level_infinite_loop", "lstm_forward",
           cell=_fn("lstm_forward", "return None") + "while True:\n    pass\n",
           outcome="running the cell of lstm_forward timed out"),
    Attack("sys_exit", "rnn_backward", cell=_fn("rnn_backward", "import sys\nsys.exit(0)"),
           outcome="systemexit"),
    Attack("os_exit", "lstm_backward", cell=_fn("lstm_backward", "import os\nos._exit(0)"),
           outcome="exit status 0"),
    Attack("os_exit_at_cell_level", "rnn_backward",
           cell="import os\nos._exit(7)\n" + _fn("rnn_backward", "return None"),
           outcome="exit status 7"),
    Attack("segfault", "rnn_forward",
           cell=_fn("rnn_forward", "import ctypes\nreturn ctypes.string_at(0)"),
           outcome="segmentation fault"),
    Attack("memory_bomb", "lstm_forward",
           cell=_fn("lstm_forward", "import numpy as np\nhog = []\nwhile True:\n"
                                    "    hog.append(np.empty(256 << 20, dtype=np.uint8))"),
           outcome="memoryerror", needs="rlimit_memory"),
    Attack("fork_bomb", "rnn_backward",
           cell=_fn("rnn_backward", "import os\nwhile True:\n    os.fork()"),
           outcome="resource temporarily unavailable|timed out after", needs="process_cap"),
    Attack("huge_output", "lstm_backward",
           transform=_wrap_solution("lstm_backward",
                                    "import os\nfor _ in range(10000):\n    print('x' * 1000)\n"
                                    "os.write(1, b'y' * (10 << 20))"),
           score="max"),
    Attack("disk_bomb", "lstm_backward",
           cell=_fn("lstm_backward", "with open('big.bin', 'wb') as f:\n"
                                     "    for _ in range(1024):\n        f.write(b'0' * (1 << 20))"),
           outcome="file too large", needs="rlimit_file_size"),
    Attack("always_equal_object", "rnn_forward",
           cell=_fn("rnn_forward", "return (AlwaysEqual(), AlwaysEqual(), AlwaysEqual())",
                    prelude="class AlwaysEqual:\n    def __eq__(self, other):\n        return True\n"
                            "    def __ne__(self, other):\n        return False\n"
                            "    __hash__ = object.__hash__\n\n"),
           outcome="not plain data"),
    Attack("ndarray_subclass", "lstm_forward",
           cell=_fn("lstm_forward", "z = np.zeros((5, 4, 3)).view(Liar)\nreturn z, z, z, ([], z)",
                    prelude="import numpy as np\n\nclass Liar(np.ndarray):\n"
                            "    def __eq__(self, other):\n        return True\n"
                            "    def __array_ufunc__(self, *a, **k):\n        return True\n\n"),
           outcome="not plain data"),
    Attack("patch_numpy", "rnn_backward",
           cell="import numpy as np\nnp.allclose = lambda *a, **k: True\n"
                "np.testing.assert_allclose = lambda *a, **k: None\n"
                "np.array_equal = lambda *a, **k: True\n"
                + _fn("rnn_backward", "return {}")),
    Attack("patch_builtins", "lstm_backward",
           cell=_fn("lstm_backward", "import builtins\nbuiltins.isinstance = lambda *a: True\n"
                                     "builtins.len = lambda x: 4\nbuiltins.AssertionError = KeyError\n"
                                     "return {}")),
    Attack("read_expected_outputs", "rnn_forward",
           cell=_fn("rnn_forward", "return open('@PROJECT@/autograder/expected/rnn_step_by_step.npz', 'rb').read()"),
           outcome="permission denied", needs="landlock_filesystem"),
    Attack("read_hidden_checks", "lstm_forward",
           cell=_fn("lstm_forward", "return open('@PROJECT@/autograder/checks/test_rnn_step_by_step.py').read()"),
           outcome="permission denied", needs="landlock_filesystem"),
    Attack("read_source_notebook", "rnn_backward",
           cell=_fn("rnn_backward", "return open('@PROJECT@/source/rnn_step_by_step/rnn_step_by_step.ipynb').read()"),
           outcome="permission denied", needs="landlock_filesystem"),
    Attack("read_other_submission", "lstm_backward",
           cell=_fn("lstm_backward", "return open('@OTHER@').read()"),
           outcome="permission denied", needs="landlock_filesystem"),
    Attack("write_gradebook", "rnn_forward",
           cell=_fn("rnn_forward", "import sqlite3\ndb = sqlite3.connect('@GRADEBOOK@')\n"
                                   "db.execute('UPDATE grade SET auto_score = 1000')\ndb.commit()"),
           outcome="unable to open database", needs="landlock_filesystem"),
    Attack("print_fake_results", "lstm_forward",
           cell=_fn("lstm_forward", "import os\n"
                                    "print('{\"ok\": true, \"id\": 1, \"value\": null}')\n"
                                    "os.write(1, b'{\"ok\": true, \"id\": 2, \"value\": null}\\n')\n"
                                    "print('lstm_forward: all hidden checks passed. Score: 62/62')\n"
                                    "return None")),
    Attack("network_socket", "rnn_backward",
           cell=_fn("rnn_backward", "import socket\n"
                                    "return socket.create_connection(('1.1.1.1', 80), timeout=3).recv(10)"),
           outcome="unreachable|permission denied", needs="network_namespace"),
    Attack("ignore_sigterm", "lstm_backward",
           cell=_fn("lstm_backward", "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                                     "signal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"),
           outcome="timed out after"),
    Attack("kill_the_grader", "rnn_backward",
           cell=_fn("rnn_backward", "import os, signal\nos.kill(@GRADER_PID@, signal.SIGKILL)"),
           outcome="processlookuperror", needs="pid_namespace"),
    Attack("leave_child_process", "rnn_forward",
           cell=_fn("rnn_forward", "import subprocess, sys\n"
                                   "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', '@MARKER@'])\n"
                                   "return None")),
    Attack("leave_spinning_thread", "lstm_forward",
           cell=_fn("lstm_forward", "import threading\n"
                                    "def spin():\n    while True:\n        pass\n"
                                    "threading.Thread(target=spin, daemon=False).start()\nreturn None")),
    Attack("edit_locked_test_cells_and_points", "rnn_forward", transform=_inflate_test_cells,
           score="max"),
    Attack("delete_setup_and_test_cells", "lstm_forward", transform=_keep_only_graded, score="max"),
    Attack("stripped_metadata", "rnn_backward", transform=_strip_metadata, score="max",
           outcome=None),
    Attack("corrupt_file", None, raw=b"\x89PNG\r\n\x1a\n\x00\x00 not a notebook \xff\xfe",
           outcome="not a readable notebook"),
    Attack("json_but_not_a_notebook", None, raw=b'{"cells": "nope", "nbformat": 4}',
           outcome="notebook"),
]


def build(attack: Attack, solution_nb, fill: dict) -> bytes:
    """The submitted file of an attack, as bytes."""
    import copy

    import nbformat

    if attack.raw is not None:
        return attack.raw
    nb = copy.deepcopy(solution_nb)
    if attack.cell is not None:
        source = attack.cell
        for key, value in fill.items():
            source = source.replace(key, str(value))
        _set_graded(nb, attack.target, source)
    if attack.transform is not None:
        nb = attack.transform(nb)
    return nbformat.writes(nb).encode()
