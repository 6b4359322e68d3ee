"""Project configuration: ``[tool.plans]`` in pyproject.toml.

    [tool.plans]
    max-file-bytes = 20971520

    [[tool.plans.ignore]]          # silence a rule for matching files, with a reason
    code = "R010"
    files = "plans/hp/*.yaml"
    reason = "Bản quét mờ; chờ đối chiếu bản giấy"
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(Exception):
    def __init__(self, file: str, error: str):
        super().__init__(f"{file}: {error}")
        self.file, self.error = file, error


@dataclass
class Ignore:
    code: str
    files: str
    reason: str


@dataclass
class Config:
    file: str | None = None
    max_file_bytes: int = 20 * 1024 * 1024
    ignores: list[Ignore] = field(default_factory=list)
    root: str = "."
    refuse_sample_data: bool = False
    repository: bool = False  # the pyproject.toml has a [tool.plans] table: its directory is a repository


def find_pyproject(start: str = ".") -> Path | None:
    p = Path(os.path.abspath(start))  # not resolve(): a symlink loop given as a path must not raise
    try:
        if not p.is_dir():
            p = p.parent
    except OSError:
        p = p.parent
    for d in (p, *p.parents):
        f = d / "pyproject.toml"
        try:
            if f.is_file():
                return f
        except OSError:
            continue
    return None


def load_config(path: str | os.PathLike | None = None, start: str = ".") -> Config:
    f = Path(path) if path else find_pyproject(start)
    if f is None:
        return Config()
    try:
        data = tomllib.loads(f.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(str(f), str(e)) from None
    tool = data.get("tool", {})
    section = tool.get("plans", {}) if isinstance(tool, dict) else {}
    if not isinstance(section, dict):
        raise ConfigError(str(f), "[tool.plans] must be a table")
    cfg = Config(file=str(f), root=str(f.parent), repository="plans" in tool)
    if "max-file-bytes" in section:
        v = section["max-file-bytes"]
        if not isinstance(v, int) or v <= 0:
            raise ConfigError(str(f), "tool.plans.max-file-bytes must be a positive integer")
        cfg.max_file_bytes = v
    if "refuse-sample-data" in section:
        if not isinstance(section["refuse-sample-data"], bool):
            raise ConfigError(str(f), "tool.plans.refuse-sample-data must be true or false")
        cfg.refuse_sample_data = section["refuse-sample-data"]
    for i, item in enumerate(section.get("ignore", [])):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) and item.get(k).strip()
                                                 for k in ("code", "files", "reason")):
            raise ConfigError(str(f), f"tool.plans.ignore[{i}] needs code, files and a non-empty reason")
        cfg.ignores.append(Ignore(item["code"].upper(), item["files"], item["reason"]))
    return cfg
