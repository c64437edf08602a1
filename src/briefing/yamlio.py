"""Reading YAML from untrusted files: YAML 1.2 core schema, plain types only, dates kept as text, clear errors."""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from .errors import Problem, ProblemsError, unreadable
from .safeio import ReadProblem, check_regular, read_bounded

MAX_BYTES = 1_000_000
MAX_DEPTH = 100  # levels of nesting: a profile or an edition needs six; both parsers manage well over 200
MAX_DIGITS = 40  # characters in a number read as one: CNY pay has 10 digits at most, 40 leaves room for decimals


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text (so a bad date gets our message), refuses duplicate keys,
    and refuses aliases (`*name`): no profile needs them, and nested ones make an "alias bomb"."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed; write the value out", event.start_mark
            )
        return super().compose_node(parent, index)


# YAML 1.2 core schema, as people mean it: only true/false are booleans (yes, no, on, off and y stay
# text), ints are decimal (0777 is 777, not octal 511; 0o17 and 0x1F are explicit), nothing is
# sexagesimal (7:10 is text, not 430), and dates stay text (so a bad date gets our message).
# PyYAML implements YAML 1.1 only; these are the 1.2 core schema's own regular expressions.
_CORE = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
)
_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in _CORE:
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


class YamlInt(int):
    """An int read from YAML that remembers how it was written, so a text field keeps what was typed
    (`industry: 0777`); see `checks.Checker.text`."""

    typed: str


class YamlFloat(float):
    """A float read from YAML that remembers how it was written (`name: 1e3`)."""

    typed: str


def _long(loader: _Loader, node: yaml.ScalarNode) -> str | None:
    """A number too long to be a figure stays text, so the check of its key refuses it by name (a 5,001-digit
    int would otherwise stop the YAML library itself, with no key)."""
    text = loader.construct_scalar(node)
    return text if len(text) > MAX_DIGITS else None


def _int(loader: _Loader, node: yaml.ScalarNode) -> int | str:
    if (text := _long(loader, node)) is not None:
        return text
    text = loader.construct_scalar(node)
    digits = text.lstrip("+-")
    base = {"0o": 8, "0x": 16}.get(digits[:2], 10)
    number = YamlInt((-1 if text.startswith("-") else 1) * int(digits[2:] if base != 10 else digits, base))
    number.typed = text
    return number


def _float(loader: _Loader, node: yaml.ScalarNode) -> float | str:
    if (text := _long(loader, node)) is not None:
        return text
    text = loader.construct_scalar(node)
    number = YamlFloat(float(text.lower().replace(".inf", "inf").replace(".nan", "nan")))
    number.typed = text
    return number


def _bool(loader: _Loader, node: yaml.ScalarNode) -> bool:
    return loader.construct_scalar(node).lower() == "true"


_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:float", _float)
_Loader.add_constructor("tag:yaml.org,2002:bool", _bool)


def _mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            ) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} appears twice", key_node.start_mark)
        seen[key] = True
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)


def read_text(path: Path, source: str, error: type[ProblemsError]) -> str:
    """The file's text, or an `error` saying why it cannot be read (not a regular file, over the limit)."""

    def fail(message: str) -> ProblemsError:
        return error([Problem(source, "", message)])

    try:
        check_regular(path)
        if (size := os.stat(path).st_size) > MAX_BYTES:  # a regular file's size is known: say it
            raise fail(f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}")
        raw = read_bounded(path, MAX_BYTES)  # a file that grows meanwhile is still stopped at the limit
    except ReadProblem as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(unreadable(exc)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(f"is not UTF-8 text (byte {exc.start + 1} cannot be decoded); save it as UTF-8") from None


# The same loader over libyaml's parser (PyYAML's C extension) where it is installed: about 10x faster on a
# profile or an edition file. Only the parsing is in C: the core-schema resolvers and the constructors above
# are the Python ones. What a file means must not depend on whether libyaml is installed, and the two parsers
# differ at a few edges, so the pure-Python loader still reads every document that reaches one (`_SLOW_PATH`):
# a `*`, which could be an alias (refused by `_Loader.compose_node`, which the C composer never calls); a bare
# `!` tag (resolved differently); a tab, a `#` straight after a block scalar's `|` or `>`, and a `?` (complex
# keys in flow collections): libyaml accepts documents there that PyYAML refuses; a byte-order mark inside the
# text (read differently). It also reads any document libyaml refuses, so that a message, its wording and its
# line are always PyYAML's own. tests/test_yamlio.py compares the two paths on every YAML file in the repository
# and on generated documents. How deep a document may nest is set here (MAX_DEPTH), not by how much stack either
# parser's recursion finds: libyaml stops at 1,000 levels, PyYAML wherever Python's recursion limit falls.


def _c_loader() -> type[_Loader] | None:
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        return None

    class _CLoader(CParser, _Loader):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    return _CLoader


_FAST = _c_loader()
_SLOW_PATH = re.compile("[*!?\t\ufeff]|[|>][-+0-9]*#")  # what sends a document to the Python loader


def _load(text: str, fast: bool = True) -> object:
    """`text` read by the C loader where it may be, else (or with `fast=False`) by the pure-Python one."""
    if fast and _FAST is not None and not _SLOW_PATH.search(text):
        try:
            return yaml.load(text, Loader=_FAST)  # a SafeLoader's constructors and resolvers over libyaml
        except (yaml.YAMLError, UnicodeEncodeError):  # (libyaml takes UTF-8: a lone surrogate cannot reach it)
            pass  # said by the pure-Python loader, in its words
    return yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader


_TOO_DEEP = f"YAML nesting is too deep (more than {MAX_DEPTH} levels)"


def _depth(data: object) -> int:
    """How deep lists and mappings nest in `data` (a scalar: 0), without recursion."""
    deepest, todo = 0, [(data, 1)]
    while todo:
        item, level = todo.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            deepest = max(deepest, level)
            todo.extend((child, level + 1) for child in children)
    return deepest


def parse_yaml(text: str, source: str, error: type[ProblemsError]) -> object:
    """The YAML document in `text`; an empty document or a syntax error is an `error`."""
    try:
        data = _load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = exc.problem or exc.context or "not valid YAML"
        start = exc.context_mark
        if exc.problem and exc.context and start and start is not mark:
            what += f", {exc.context} that starts at line {start.line + 1}, column {start.column + 1}"
        raise error([Problem(source, where, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise error([Problem(source, "", f"YAML syntax error: {exc}")]) from None
    except RecursionError:
        raise error([Problem(source, "", _TOO_DEEP)]) from None
    if _depth(data) > MAX_DEPTH:
        raise error([Problem(source, "", _TOO_DEEP)])
    if data is None:
        raise error([Problem(source, "", "the file is empty")])
    return data


def load_yaml(path: Path, source: str, error: type[ProblemsError]) -> object:
    return parse_yaml(read_text(path, source, error), source, error)
