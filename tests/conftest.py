import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plans.commands.app import app

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"


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
