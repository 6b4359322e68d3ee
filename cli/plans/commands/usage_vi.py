"""Typer's own messages (usage errors, help panel titles) in the user's language.

Typer prints usage errors with fixed English texts ("No such option: --x", "Missing option '--plan'");
in Vietnamese output they are translated here, by pattern, before they are printed. A message with no
pattern is shown as Typer wrote it.
"""
from __future__ import annotations

import re

_LANG = {"lang": "vi"}

# (pattern, Vietnamese): whole usage-error messages
_MESSAGES = [
    (r"No such option: (?P<a>\S+) \(Possible options: (?P<b>.+)\)", "Không có tùy chọn {a} (có thể là: {b})"),
    (r"No such option: (?P<a>.+)", "Không có tùy chọn {a}"),
    (r"No such option '(?P<a>.+)'\.", "Không có tùy chọn '{a}'."),
    (r"Option '(?P<a>.+)' requires an argument\.", "Tùy chọn '{a}' cần một giá trị."),
    (r"Option '(?P<a>.+)' requires (?P<b>\d+) arguments\.", "Tùy chọn '{a}' cần {b} giá trị."),
    (r"Option '(?P<a>.+)' does not take a value\.", "Tùy chọn '{a}' không nhận giá trị."),
    (r"Missing option (?P<a>.+)\.", "Thiếu tùy chọn {a}."),
    (r"Missing argument (?P<a>.+)\.", "Thiếu đối số {a}."),
    (r"Missing parameter: (?P<a>.+)", "Thiếu tham số: {a}"),
    (r"Missing command\.", "Thiếu lệnh."),
    (r"No such command '(?P<a>.+)'\.", "Không có lệnh '{a}'."),
    (r"Got unexpected extra arguments? \((?P<a>.+)\)", "Thừa đối số ({a})"),
    (r"Invalid value for (?P<a>.+?): (?P<b>.+)", "Giá trị không hợp lệ cho {a}: {b}"),
    (r"Invalid value: (?P<b>.+)", "Giá trị không hợp lệ: {b}"),
]
# the part after "Invalid value for …:"
_VALUES = [
    (r"'(?P<a>.*)' is not one of (?P<b>.+)\.", "“{a}” không phải một trong {b}."),
    (r"'(?P<a>.*)' is not a valid integer( range)?\.", "“{a}” không phải số nguyên."),
    (r"'(?P<a>.*)' is not a valid float( range)?\.", "“{a}” không phải số."),
    (r"'(?P<a>.*)' is not a valid boolean\.", "“{a}” không phải true/false."),
    (r"(?P<a>.+) is not in the range (?P<b>.+)\.", "{a} nằm ngoài khoảng {b}."),
]
_TITLES = {
    "vi": {"ERRORS_PANEL_TITLE": "Lỗi", "OPTIONS_PANEL_TITLE": "Tùy chọn", "ARGUMENTS_PANEL_TITLE": "Đối số",
           "COMMANDS_PANEL_TITLE": "Lệnh", "DEFAULT_STRING": "[mặc định: {}]", "REQUIRED_LONG_STRING": "[bắt buộc]",
           "ENVVAR_STRING": "[biến môi trường: {}]", "ABORTED_TEXT": "Đã dừng.",
           "RICH_HELP": "Xem [blue]'{command_path} {help_option}'[/] để biết cách dùng."},
}
# help texts of the options Click and Typer add themselves (--help, the completion options)
_OPTION_HELP = {
    "vi": {"Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
           "Install completion for the current shell.": "Cài gợi ý lệnh (tab completion) cho shell đang dùng.",
           "Show completion for the current shell, to copy it or customize the installation.":
               "In đoạn gợi ý lệnh cho shell đang dùng, để chép hoặc tự cài."},
}


def translate(message: str, lang: str) -> str:
    if lang != "vi":
        return message
    for pattern, vi in _MESSAGES:
        m = re.fullmatch(pattern, message.strip(), re.S)
        if m:
            parts = m.groupdict()
            if "b" in parts and pattern.startswith("Invalid value"):
                parts["b"] = _value(parts["b"])
            return vi.format(**parts)
    return message


def _value(text: str) -> str:
    text = re.sub(r"^Value error, ", "", text.strip())
    for pattern, vi in _VALUES:
        m = re.fullmatch(pattern, text.strip(), re.S)
        if m:
            return vi.format(**m.groupdict())
    return text


def install(lang: str) -> None:
    """Typer's texts in ``lang`` from now on (idempotent; English restores Typer's own).

    Typer imports its help and error renderer (``typer.rich_utils``, with rich's Markdown: about 0.1 s)
    only when it shows help or an error; so the texts are put in when that module is imported, and a
    command that shows neither does not pay for it."""
    import sys

    _LANG["lang"] = lang
    module = sys.modules.get("typer.rich_utils")
    if module is not None:
        _apply(module, lang)
    elif not any(isinstance(f, _OnImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _OnImport())


class _OnImport:
    """Finds ``typer.rich_utils`` as the other finders do, and applies :func:`_apply` once it is loaded."""

    def find_spec(self, name, path=None, target=None):
        if name != "typer.rich_utils":
            return None
        import sys

        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _Loader(spec.loader)
                return spec
        return None


class _Loader:
    def __init__(self, real):
        self.real = real

    def create_module(self, spec):
        return self.real.create_module(spec)

    def exec_module(self, module):
        self.real.exec_module(module)
        _apply(module, _LANG["lang"])


def _apply(rich_utils, lang: str) -> None:
    originals = _TITLES.setdefault("en", {k: getattr(rich_utils, k) for k in _TITLES["vi"]
                                          if hasattr(rich_utils, k)})
    for k, v in _TITLES.get(lang, originals).items():
        if hasattr(rich_utils, k):
            setattr(rich_utils, k, v)
    _LANG["lang"] = lang
    if not getattr(rich_utils.rich_format_error, "_plans", False):
        original = rich_utils.rich_format_error

        def rich_format_error(self) -> None:
            if _LANG["lang"] != "en" and hasattr(self, "format_message"):
                text = translate(self.format_message(), _LANG["lang"])
                self.format_message = lambda: text
                ctx = getattr(self, "ctx", None)
                if ctx is not None and not getattr(ctx, "_plans_usage", False):
                    get_usage = ctx.get_usage
                    ctx.get_usage = lambda: get_usage().replace("Usage:", "Cách dùng:", 1)
                    ctx._plans_usage = True
            return original(self)

        rich_format_error._plans = True
        rich_utils.rich_format_error = rich_format_error
    _readable_types()
    _once(rich_utils, "_get_parameter_help", lambda original: lambda *, param, **kw: _shown_with(
        param, "help", _OPTION_HELP.get(_LANG["lang"], {}).get(param.help) or _help_in(param.help),
        lambda: original(param=param, **kw)))
    _command_help(rich_utils)

    def usage_in_vietnamese(original):
        def rich_format_help(*, obj, ctx, **kwargs):
            if _LANG["lang"] != "vi":
                return original(obj=obj, ctx=ctx, **kwargs)
            get_usage = obj.get_usage
            obj.get_usage = lambda c: get_usage(c).replace("Usage:", "Cách dùng:", 1)
            try:
                return original(obj=obj, ctx=ctx, **kwargs)
            finally:
                del obj.get_usage
        return rich_format_help

    _once(rich_utils, "rich_format_help", usage_in_vietnamese)


def _once(module, name: str, make) -> None:
    """``module.name`` replaced by ``make(original)``, once however often the language is set."""
    original = getattr(module, name)
    if getattr(original, "_plans", False):
        return
    replacement = make(original)
    replacement._plans = True
    setattr(module, name, replacement)


def _shown_with(obj, attr: str, text, call):
    """``call()`` with ``obj.attr`` reading ``text`` meanwhile (``None``: as it is)."""
    if text is None:
        return call()
    before = getattr(obj, attr)
    setattr(obj, attr, text)
    try:
        return call()
    finally:
        setattr(obj, attr, before)


def _help_in(text):
    """The help text of a command or option in the language asked for (``help_en``), or None."""
    from plans.commands.help_en import help_in

    return help_in(text, _LANG["lang"])


def _command_help(rich_utils) -> None:
    """Commands' help in the user's language: the description at the top of a command's help
    (``_get_help_text``) and the line of each command in a group's list (``_make_command_help``)."""
    _once(rich_utils, "_get_help_text", lambda original: lambda *, obj, **kw: _shown_with(
        obj, "help", _help_in(obj.help), lambda: original(obj=obj, **kw)))
    _once(rich_utils, "_make_command_help", lambda original: lambda *, help_text, **kw: original(
        help_text=_help_in(help_text) or help_text, **kw))


# the value column of the help panels: Typer prints Python's type names ("<bool>" for a flag,
# "<list[str]>" for a repeatable option); staff read a word, and a flag takes no value
_TYPE_WORDS = {"vi": {"str": "chữ", "int": "số nguyên", "float": "số", "float range": "số", "int range": "số nguyên",
                      "path": "đường dẫn", "str,str": "chữ chữ"},
               "en": {"float range": "float", "int range": "int", "str,str": "str str"}}


def _type_word(label: str) -> str:
    return _TYPE_WORDS.get(_LANG["lang"], {}).get(label, label)


def _readable_types() -> None:
    from typer.core import TyperOption

    if getattr(TyperOption.display_type_rich, "_plans", False):
        return
    original = TyperOption.display_type_rich

    def display_type_rich(self, ctx):
        if getattr(self, "is_flag", False) or getattr(self, "count", False):
            return None
        shown = original(self, ctx)
        if self.metavar is not None or not isinstance(shown, str):
            return shown
        m = re.fullmatch(r"<(list\[)?(.+?)\]?>(\.\.\.)?", shown)
        if not m:
            return shown
        word = f"<{_type_word(m.group(2))}>"
        return word + "…" if m.group(1) or m.group(3) else word

    display_type_rich._plans = True
    TyperOption.display_type_rich = display_type_rich
