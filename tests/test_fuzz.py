"""Property-based fuzzing (short run): mutated plans, registries, indicators and reports never crash a
command, and no command writes outside its target. The long run is ``make fuzz`` (tools/fuzz.py)."""
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fuzzing import COMMANDS, LINT, FuzzRepo, HypothesisDraw, Outcome, run_one
from plans.commands.app import app

SETTINGS = dict(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def fuzz_repo(tmp_path_factory):
    return FuzzRepo(tmp_path_factory.mktemp("fuzz"))


def _check(fuzz_repo, data, commands):
    d = HypothesisDraw(data)
    f, raw = fuzz_repo.mutate(d)
    outcome = Outcome()
    try:
        run_one(fuzz_repo, CliRunner(), app, commands, outcome, f)
    finally:
        fuzz_repo.restore()
    assert not outcome.crashes, f"{f} mutated to:\n{raw[:2000]!r}\n{outcome.crashes}"


@settings(max_examples=int(os.environ.get("FUZZ_LINT_EXAMPLES", 100)), **SETTINGS)
@given(data=st.data())
def test_lint_never_crashes_on_a_mutated_repository(fuzz_repo, data):
    _check(fuzz_repo, data, LINT)


@settings(max_examples=int(os.environ.get("FUZZ_COMMAND_EXAMPLES", 10)), **SETTINGS)
@given(data=st.data())
def test_commands_never_crash_or_write_outside_their_target(fuzz_repo, data):
    _check(fuzz_repo, data, COMMANDS)
