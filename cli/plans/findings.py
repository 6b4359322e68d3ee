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

    @classmethod
    def at(cls, code: str, severity: str, pos, **args) -> "Finding":
        """A finding at a model position (``node.at("field")``)."""
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
