"""The help panels speak the user's language, down to the options Click and Typer add themselves."""
import re


def _flat(text: str) -> str:
    """The help without its panel borders, as one line: wrapped phrases compare whole."""
    return re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", text))


def test_vietnamese_help_has_no_english_or_python_type_names(run):
    out = _flat(run("status", "--help").output)
    assert "Hiện hướng dẫn này rồi thoát." in out
    assert "Show this message" not in out
    assert "<bool>" not in out and "list[" not in out
    assert "<chữ>…" in out  # --repo: a repeatable text option
    assert "Cách dùng: plans status" in out and "Usage:" not in out
    root = _flat(run("--help").output)
    assert "Cài gợi ý lệnh" in root and "Install completion" not in root


def test_english_help_keeps_clicks_words_without_python_types(run):
    out = _flat(run("--lang", "en", "status", "--help").output)
    assert "Show this message and exit." in out
    assert "<bool>" not in out and "list[" not in out
    assert "<str>…" in out
    assert "Usage: plans status" in out
