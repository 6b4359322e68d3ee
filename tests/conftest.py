import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plans.commands.app import app

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
# A frozen copy of the shipped repository (plans/, kpi/, pyproject.toml with [tool.plans]). The tool's
# tests read this, never the top-level plans/ and kpi/: staff edit those, and the tests of the tool must
# not change outcome when they do. Only tests/test_shipped_data.py checks the shipped data itself.
FIXTURE = ROOT / "tests" / "fixtures" / "repo"


class Run:
    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args, input=None):
        res = self.runner.invoke(app, [str(a) for a in args], input=input)
        assert "Traceback" not in res.output, res.output
        if res.exception and not isinstance(res.exception, SystemExit):
            raise res.exception
        return res

    def json(self, *args):
        res = self(*args)
        return res, json.loads(res.stdout)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests keep the loaded-model cache in a temporary directory, never in the user's home."""
    import os

    os.environ["PLANS_CACHE_DIR"] = str(tmp_path_factory.mktemp("plans-cache"))


@pytest.fixture
def run():
    return Run()


@pytest.fixture
def mini(tmp_path):
    """A copy of the small real-shaped repository; ``mini.edit(old, new)`` changes the plan text."""
    dest = tmp_path / "repo"
    shutil.copytree(MINI, dest)

    class Mini:
        path = dest
        plan = dest / "plan.yaml"
        agencies = dest / "agencies" / "vn.yaml"

        def edit(self, old, new, file=None):
            f = file or self.plan
            text = f.read_text(encoding="utf-8")
            assert old in text, old
            f.write_text(text.replace(old, new, 1), encoding="utf-8")

    return Mini()


class FixtureRepo:
    """A copy of the fixture repository at ``path``, with helpers to change it."""

    def __init__(self, path: Path):
        self.path = path
        self.plans = path / "plans"
        self.kpi = path / "kpi"

    def file(self, rel) -> Path:
        return self.path / rel

    def read(self, rel) -> str:
        return self.file(rel).read_text(encoding="utf-8")

    def write(self, rel, text: str) -> Path:
        f = self.file(rel)
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text, encoding="utf-8")
        return f

    def edit(self, rel, old: str, new: str) -> Path:
        """Replace the first ``old`` in file ``rel`` (relative to the repository) by ``new``."""
        text = self.read(rel)
        assert old in text, f"{rel}: the text to change is not in the file: {old!r}"
        return self.write(rel, text.replace(old, new, 1))

    def remove(self, rel) -> None:
        f = self.file(rel)
        shutil.rmtree(f) if f.is_dir() else f.unlink()

    def args(self) -> list[str]:
        """``--repo`` options naming this copy, for the commands that take them."""
        return ["--repo", str(self.plans), "--repo", str(self.kpi)]

    def load(self):
        import plans

        return plans.load(str(self.plans), str(self.kpi))


@pytest.fixture(scope="session")
def frozen_repo(tmp_path_factory):
    """One copy of the fixture repository per session, for tests that only read it.

    A copy, so that a command that writes by mistake cannot change the checked-in fixture."""
    dest = tmp_path_factory.mktemp("frozen") / "repo"
    shutil.copytree(FIXTURE, dest)
    return dest


@pytest.fixture
def in_fixture_repo(frozen_repo, monkeypatch):
    """Run in the (read-only) fixture repository: commands that read ``plans`` and ``kpi`` relative to the
    working directory when no ``--repo`` is given read the fixture, never the shipped data."""
    monkeypatch.chdir(frozen_repo)
    return FixtureRepo(frozen_repo)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A private copy of the fixture repository to change, made the working directory:
    ``repo.edit("plans/hp/x.yaml", old, new)``, ``repo.write(...)``, ``repo.remove(...)``, ``repo.args()``."""
    dest = tmp_path / "repo"
    shutil.copytree(FIXTURE, dest)
    monkeypatch.chdir(dest)
    return FixtureRepo(dest)
