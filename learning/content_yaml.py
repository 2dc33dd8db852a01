"""YAML that remembers its lines: the line of every mapping key and list item, so that a
content problem is reported at `path:line`."""

import yaml


class LineMap(dict):
    line = 1
    key_lines: dict


class LineSeq(list):
    line = 1
    item_lines: list


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping key and list item."""


def _construct_map(loader, node):
    data = LineMap()
    yield data
    data.update(loader.construct_mapping(node))
    data.line = node.start_mark.line + 1
    data.key_lines = {
        loader.construct_object(key): key.start_mark.line + 1 for key, _value in node.value
    }


def _construct_seq(loader, node):
    data = LineSeq()
    yield data
    data.extend(loader.construct_sequence(node))
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def line_at(data, keys: tuple) -> int:
    """The line of the key or list item that `keys` leads to in parsed YAML; where the path
    stops (a missing field), the line of the last mapping or item reached."""
    line = getattr(data, "line", 1)
    for key in keys:
        if isinstance(data, LineMap) and key in data:
            line = data.key_lines[key]
        elif isinstance(data, LineSeq) and isinstance(key, int) and 0 <= key < len(data):
            line = data.item_lines[key]
        else:
            break
        data = data[key]
    return line


def yaml_with_lines(text: str):
    """Parse YAML safely, its mappings and lists remembering their lines; raises
    yaml.YAMLError on invalid YAML."""
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
