"""Safe fixes (``plans lint --fix``): compose decomposed Vietnamese letters (rule R007), nothing else.

A file is rewritten only if it parses as YAML (a file with any Y0xx problem is left for its author),
only where :func:`plans.text.vietnamese_nfc` changes it, and only through
:mod:`plans.output.safewrite`: atomically, keeping its mode, never through a symbolic link (a linked
YAML file is reported, the link is kept), never a file with other hard links (the rename would split
them: the file is reported and left alone), never a file changed since it was read.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from plans.output.safewrite import SYMLINK, WriteRefused, write_atomic
from plans.text import vietnamese_nfc


@dataclass
class FixResult:
    fixed: list[str] = field(default_factory=list)
    unparsable: list[tuple[str, str]] = field(default_factory=list)  # (path, first Y0xx code): left alone
    refused: list[WriteRefused] = field(default_factory=list)        # the write was refused: left alone

    def __iter__(self):  # the fixed paths, as the old list-returning fix_nfc gave them
        return iter(self.fixed)

    def __len__(self):
        return len(self.fixed)


def fix_nfc(paths: list[str]) -> FixResult:
    """Rewrite the YAML files under ``paths`` whose text :func:`vietnamese_nfc` changes."""
    from plans.loading.loader import discover
    from plans.loading.yamlsafe import read_yaml

    result = FixResult()
    for path in discover(paths):
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISLNK(st.st_mode):
            if _needs_fix(path):
                result.refused.append(WriteRefused(path, SYMLINK))
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as fh:
                before = os.fstat(fh.fileno())
                raw = fh.read()
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # lint reports it (Y003, Y012)
        fixed = vietnamese_nfc(text)
        if fixed == text:
            continue
        _, _, problems = read_yaml(path)
        if problems:
            result.unparsable.append((path, problems[0].code))
            continue
        try:
            write_atomic(path, fixed.encode("utf-8"), force=True, expect=before)
        except WriteRefused as e:
            result.refused.append(e)
            continue
        result.fixed.append(path)
    return result


def _needs_fix(path: str) -> bool:
    from plans.loading.yamlsafe import MAX_BYTES

    try:
        if os.path.getsize(path) > MAX_BYTES:
            return False
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        return False
    return vietnamese_nfc(text) != text
