"""Start-up: what a command imports that it does not need (measured by `make bench`; here the imports
themselves are checked, never times)."""
import subprocess
import sys
from pathlib import Path

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def _imported(*args, env_cache) -> tuple[set, subprocess.CompletedProcess]:
    code = ("import sys\nfrom plans.commands.app import main\nsys.argv = ['plans', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nsys.stderr.write('\\nMODULES ' + ' '.join(sys.modules))\n")
    res = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         env={"PLANS_CACHE_DIR": str(env_cache), "PATH": "/usr/bin:/bin", "COLUMNS": "80"})
    return set(res.stderr.rsplit("MODULES ", 1)[-1].split()), res


def test_help_does_not_build_the_model(tmp_path):
    mods, res = _imported("--help", env_cache=tmp_path)
    assert "Cách dùng" in res.stdout or "Usage" in res.stdout
    assert "plans.loading.model" not in mods
    assert "jsonschema" not in mods and "fastjsonschema" not in mods


def test_a_command_without_help_or_error_does_not_load_typers_renderer(tmp_path):
    mods, res = _imported("agencies", "--repo", str(MINI), env_cache=tmp_path)
    assert "hp." in res.stdout or "vn." in res.stdout or res.stdout.strip(), res.stderr
    assert "typer.rich_utils" not in mods  # about 0.1 s of imports (rich Markdown) saved
    mods, res = _imported("agencies", "--bogus", env_cache=tmp_path)
    assert "Không có tùy chọn --bogus" in res.stderr  # the Vietnamese texts still reach Typer's renderer
    assert "typer.rich_utils" in mods
