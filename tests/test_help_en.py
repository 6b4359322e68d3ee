"""``--lang en`` help: every command's, option's and argument's help in English; the Vietnamese unchanged.

Each help page is rendered through the CLI, in both languages, for every command and subcommand found
by walking the Click command tree: a command or option added with Vietnamese help only makes
:func:`test_every_help_text_has_an_english_entry` fail with its name ("plans status --bom").
"""
import os
import re
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from plans.commands import help_en
from plans.commands.app import app

ROOT = typer.main.get_command(app)

# Vietnamese that the English help keeps as written: document numbers and a signer block, which are
# typed exactly as printed on the paper
KEEP_VIETNAMESE = ["KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn A", "Nguyễn Văn A", "53/KH-BCĐ", "125/BC-BCĐ"]


def _commands(command, path=()):
    if getattr(command, "hidden", False):
        return
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, path + (name,))


COMMANDS = list(_commands(ROOT))
IDS = [" ".join(("plans",) + path) for path, _ in COMMANDS]


def _flat(text: str) -> str:
    """The help without its panel borders, as one line: wrapped phrases compare whole."""
    return re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", text)).strip()


def _help(*args) -> str:
    # a wide terminal: no phrase is folded inside a word, so a help text is found whole in the page
    res = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "250"})
    assert res.exit_code == 0 and "Traceback" not in res.output, res.output
    return _flat(res.output)


def _vietnamese_words(text: str) -> list[str]:
    for keep in KEEP_VIETNAMESE:
        text = text.replace(keep, "")
    return sorted({w for w in text.split() if help_en.has_vietnamese(w)})


def _shown(command) -> list[str]:
    """The help texts a command's own page shows: its description and its options' and arguments'."""
    texts = [command.help] if command.help else []
    return texts + [p.help for p in command.params if getattr(p, "help", None) and not getattr(p, "hidden", False)]


def test_every_help_text_has_an_english_entry():
    assert help_en.untranslated(ROOT) == [], (
        "Vietnamese help with no English in cli/plans/commands/help_en.py; "
        "`python -m plans.commands.help_en` prints the entries to fill in")


def test_a_new_option_with_only_vietnamese_help_is_named():
    toy = typer.Typer()

    @toy.command()
    def status(bom: bool = typer.Option(False, "--bom", help="CSV có BOM (UTF-8) để Excel trên Windows đọc đúng "
                                                           "tiếng Việt."),
               new: bool = typer.Option(False, "--new", help="Tùy chọn mới, chưa dịch.")):
        """Việc của một cơ quan, viết mới."""

    @toy.command()
    def rules(code: str = typer.Argument("", help="Mã quy tắc, chưa dịch."),
              english: bool = typer.Option(False, help="Already English.")):
        """Liệt kê mọi quy tắc: mã, mức, tên, thông báo.

Ví dụ: plans rules --format md"""

    assert help_en.untranslated(typer.main.get_command(toy)) == ["plans rules CODE", "plans status",
                                                                 "plans status --new"]


def test_english_entries_are_english():
    for vi, entry in help_en.HELP.items():
        english = entry[1] if isinstance(entry, tuple) else entry
        assert not _vietnamese_words(english), (vi, english)
        assert english.count("\n\n") == vi.count("\n\n"), ("paragraphs differ", vi)


@pytest.mark.parametrize("path,command", COMMANDS, ids=IDS)
def test_english_help_page_has_no_vietnamese(path, command):
    page = _help("--lang", "en", *path)
    where = " ".join(("plans",) + path)
    assert not _vietnamese_words(page), f"{where} --lang en --help shows Vietnamese: {_vietnamese_words(page)}"
    for text in _shown(command):
        english = help_en.help_in(text, "en")
        if english is not None:
            assert _flat(english) in page, (where, english)


@pytest.mark.parametrize("path,command", COMMANDS, ids=IDS)
def test_vietnamese_help_page_is_as_written(path, command):
    page = _help(*path)
    where = " ".join(("plans",) + path)
    for text in filter(help_en.has_vietnamese, _shown(command)):  # Click's own English: usage_vi translates
        entry = help_en.HELP.get(text)
        if isinstance(entry, tuple):  # written "vi (en)": only the Vietnamese half
            assert _flat(entry[0]) in page and _flat(entry[1]) not in page, where
        else:
            assert _flat(text) in page, (where, text)
        if isinstance(entry, str):
            assert _flat(entry) not in page, (where, entry)


def test_group_lists_commands_in_the_language_asked_for():
    en = _help("--lang", "en")
    assert "Target attainment: value, threshold" in en and "Mức đạt chỉ tiêu" not in en
    assert "Crime-prevention plans kept as YAML" in en and "Kế hoạch phòng, chống" not in en
    vi = _help()
    assert "Mức đạt chỉ tiêu: giá trị, ngưỡng" in vi and "Target attainment" not in vi
    assert "Kế hoạch phòng, chống tội phạm lưu dạng YAML" in vi and "Crime-prevention" not in vi
    render = _help("--lang", "en", "render")
    assert "Render a plan as a document" in render and "Reminder letter to the agencies" in render


def test_lang_after_the_command_and_the_titles_stay_english():
    page = _help("status", "--lang", "en")
    assert "CSV with a BOM (UTF-8), so that Excel on Windows reads Vietnamese right." in page
    assert "CSV có BOM" not in page
    assert "Usage: plans status" in page and "Options" in page and "Show this message and exit." in page
    vi = _help("status")
    assert "CSV có BOM (UTF-8) để Excel trên Windows đọc đúng tiếng Việt." in vi and "Tùy chọn" in vi


def test_plans_lang_environment_variable():
    env = {**os.environ, "PLANS_LANG": "en", "COLUMNS": "250", "PLANS_PAGER": "cat"}
    res = subprocess.run([sys.executable, "-m", "plans", "kpi", "--help"], capture_output=True, text=True,
                         env=env, timeout=60)
    assert res.returncode == 0, res.stderr
    page = _flat(res.stdout)
    assert "Target attainment" in page and "Only the figures of one agency." in page
    assert not _vietnamese_words(page), _vietnamese_words(page)
