"""Fixtures so that `pytest autograder/checks` runs the hidden checks against the solutions."""
import pytest

from autograder.expected import cases as cases_of, load
from autograder.notebook import solution_namespace
from autograder.student import NamespaceStudent


def _assignment(request) -> str:
    return request.module.__name__.rsplit(".", 1)[-1][len("test_"):]


@pytest.fixture(scope="module")
def student(request):
    return NamespaceStudent(solution_namespace(_assignment(request)))


@pytest.fixture(scope="module")
def expected(request):
    return load(_assignment(request))


@pytest.fixture(scope="module")
def cases(request):
    return cases_of(_assignment(request))
