"""Read YAML (and JSON, a subset of it) keeping each value's line, and numbers as their text.

Numbers stay as the text the user typed ("5000.00"), so amounts become exact decimals and never
pass through a float; each mapping and sequence remembers its line for `FILE:LINE:` errors.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from montage.errors import InputError


class LocatedDict(dict):
    """A mapping that knows its file, its line and the line of each key."""

    file: str = ""
    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    file: str = ""
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def _build(node: yaml.Node, file: str):
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = LocatedDict()
        result.file, result.line, result.key_lines = file, line, {}
        for key_node, value_node in node.value:
            key = _build(key_node, file)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise InputError("key %(key)r appears twice", file=file,
                                 line=key_node.start_mark.line + 1, params={"key": key})
            result[key] = _build(value_node, file)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LocatedList(_build(item, file) for item in node.value)
        result.file, result.line = file, line
        result.item_lines = [item.start_mark.line + 1 for item in node.value]
        return result
    # Scalars: keep text; only null and booleans get a Python value.
    tag = node.tag
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return node.value.lower() in ("true", "yes", "on")
    return node.value


def load(path: str | Path) -> object:
    """Load a YAML or JSON file; a syntax error becomes `FILE:LINE: message`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError("cannot read the file (%(reason)s)", file=str(path),
                         params={"reason": error.strerror}) from None
    except UnicodeDecodeError:
        raise InputError("expected a UTF-8 text file", file=str(path)) from None
    return loads(text, str(path))


def loads(text: str, file: str = "<input>") -> object:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise InputError("malformed YAML/JSON: %(problem)s", file=file,
                         line=mark.line + 1 if mark else None, params={"problem": error.problem}) from None
    except yaml.YAMLError as error:
        raise InputError("malformed YAML/JSON: %(problem)s", file=file,
                         params={"problem": str(error)}) from None
    if node is None:
        raise InputError("the file is empty", file=file)
    return _build(node, file)
