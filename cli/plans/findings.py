"""Findings: what loading and checks report. Messages are rendered later, per language."""
from __future__ import annotations

from dataclasses import dataclass, field

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass
class Finding:
    code: str
    severity: str
    file: str
    line: int
    col: int
    args: dict = field(default_factory=dict)
    suppressed: str | None = None  # the reason given, when silenced
    pending: object = field(default=None, repr=False, compare=False)  # a Where to resolve into line/col

    @classmethod
    def at(cls, code: str, severity: str, pos, **args) -> "Finding":
        """A finding at a model position: ``node.at("field")``, or ``node.where("field")`` to have
        its line and column resolved later, in one pass per file (see ``resolve_positions``)."""
        if hasattr(pos, "resolve"):
            return cls(code, severity, pos.file, 0, 0, args, pending=pos)
        return cls(code, severity, pos.file, pos.line, pos.col, args)

    def message(self, lang: str = "vi") -> str:
        from plans.i18n import rule_message

        return rule_message(self.code, lang, self.args)

    def sort_key(self):
        return (self.file, self.line, self.col, self.code)

    def to_dict(self, lang: str = "vi") -> dict:
        d = {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.col,
            "message": self.message(lang),
        }
        if self.suppressed is not None:
            d["suppressed"] = self.suppressed
        return d


def resolve_positions(findings: list[Finding]) -> None:
    """Give every pending finding its line and column, reading each file's positions once."""
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        if f.pending is not None:
            by_file.setdefault(f.file, []).append(f)
    from plans.loading.yamlsafe import lookup_all

    groups = list(by_file.values())
    found = lookup_all([(items[0].pending.positions, {f.pending.path for f in items}) for items in groups])
    for items, positions in zip(groups, found):
        for f in items:
            f.line, f.col = f.pending.resolve(positions)
            f.pending = None
