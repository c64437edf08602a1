"""Reading YAML from untrusted files: plain types only, dates kept as text, clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from .checks import LongNumber
from .errors import Problem, ProblemsError
from .safeio import ReadProblem, check_regular, read_bounded

MAX_BYTES = 1_000_000


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text (so a bad date gets our message), refuses duplicate keys,
    and refuses aliases (`*name`): no profile needs them, and nested ones make an "alias bomb"."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed; write the value out", event.start_mark)
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice", key_node.start_mark)
        seen[key] = True
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)

MAX_INT_CHARS = 100  # no figure of a profile is written with more; int() of thousands of digits is refused


def _int(loader: _Loader, node: yaml.ScalarNode) -> object:
    """An integer as PyYAML reads it, or a `LongNumber` for absurdly long ones (checked later, by key)."""
    text = loader.construct_scalar(node)
    if isinstance(text, str) and len(text) > MAX_INT_CHARS:
        return LongNumber(sum(c.isdigit() for c in text), text.lstrip().startswith("-"))
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:int", _int)


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
        raise fail(f"cannot be read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(f"is not UTF-8 text (byte {exc.start + 1} cannot be decoded); save it as UTF-8") from None


def parse_yaml(text: str, source: str, error: type[ProblemsError]) -> object:
    """The YAML document in `text`; an empty document or a syntax error is an `error`."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
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
        raise error([Problem(source, "", "YAML nesting is too deep")]) from None
    if data is None:
        raise error([Problem(source, "", "the file is empty")])
    return data


def load_yaml(path: Path, source: str, error: type[ProblemsError]) -> object:
    return parse_yaml(read_text(path, source, error), source, error)
