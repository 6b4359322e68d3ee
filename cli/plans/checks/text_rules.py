"""Rules over the text of every value, whatever its field: R030 (control characters)."""
from __future__ import annotations

import re

import yaml

from plans.checks.registry import rule
from plans.findings import ERROR, Finding
from plans.loading.model import Repository, file_bytes
from plans.loading.yamlsafe import _Loader  # libyaml's C parser, as the loader
from plans.text import UNSAFE_CHARS

# The double-quoted escapes that can make an unsafe character: \0 \a \b \v \f \e \N (U+0085) and the
# numeric \x.. \u.... \U........ (a file without any is not composed again).
_ESCAPE = re.compile(r"\\[0abvfeNxuU]")



@rule("R030", ERROR, "control-character",
      "Ký tự điều khiển {char} trong {field}", "Control character {char} in {field}",
      "Ký tự điều khiển (U+0000–U+001F trừ tab và xuống dòng, U+007F–U+009F; cả U+FFFE, U+FFFF) không hiện ra "
      "khi đọc nhưng làm "
      "hỏng văn bản xuất ra: Word (DOCX) không nhận, terminal có thể thi hành chúng. YAML chỉ cho chúng vào qua "
      "chuỗi trong nháy kép có mã thoát như \"\\x07\", \"\\0\", \"\\e\". Xóa mã thoát đó (thường do dán từ "
      "PDF hoặc một chương trình khác).",
      "Control characters (U+0000–U+001F except tab and line breaks, U+007F–U+009F; also U+FFFE, U+FFFF) are "
      "invisible but break "
      "the outputs: Word (DOCX) refuses them and a terminal may act on them. YAML only lets them in through "
      "a double-quoted string with an escape such as \"\\x07\", \"\\0\", \"\\e\". Remove the escape (it usually "
      "comes from pasting out of a PDF or another program).")
def control_characters(repo: Repository):
    for sf in repo.files.values():
        if sf.kind is None:
            continue  # the file could not be read; the loader said why
        raw = file_bytes(sf.path)  # the loader's own read: a regular file, bounded, never a FIFO
        try:
            text = raw.decode("utf-8-sig") if raw is not None else None
        except UnicodeDecodeError:
            continue
        if text is None:
            continue
        if not _ESCAPE.search(text):
            continue  # a raw control character is a YAML error (Y001); only an escape can make one
        try:
            root = yaml.compose(text, Loader=_Loader)
        except (yaml.YAMLError, RecursionError, ValueError):
            continue
        yield from _walk(sf.path, root)


def _walk(path: str, root):
    seen = set()
    stack = [(root, ())]
    while stack:
        node, where = stack.pop()
        if id(node) in seen:  # an alias (already a Y006 finding); never walk a node twice
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            m = UNSAFE_CHARS.search(node.value)
            if m:
                yield Finding("R030", ERROR, path, node.start_mark.line + 1, node.start_mark.column + 1,
                              {"char": f"U+{ord(m.group()):04X}", "field": _dotted(where) or "/"})
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, where + (i,)) for i, child in reversed(list(enumerate(node.value))))
        elif isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                key = k.value if isinstance(k, yaml.ScalarNode) else "?"
                stack.append((v, where + (key,)))
                stack.append((k, where + (key,)))  # a key is checked too, at its own line


def _dotted(where: tuple) -> str:
    """("sections", 0, "tasks", 2, "text") → "sections[0].tasks[2].text"."""
    out = ""
    for step in where:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += ("." if out else "") + str(step)
    return out
