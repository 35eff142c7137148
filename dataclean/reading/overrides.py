"""Column roles the user sets by hand: ``--column "Họ tên=name"`` or a small TOML file.

The TOML file lists header labels under ``[columns]``::

    [columns]
    "Họ tên chủ hộ" = "name"
    "Nơi ở" = "address"
    "Ghi chú" = "other"
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from dataclean.schema.errors import ExitCode, InputError
from dataclean.schema.roles import ROLES


def _checked(label: str, role: str, source: str) -> tuple[str, str]:
    label, role = label.strip(), role.strip().lower()
    if not label or role not in ROLES:
        raise InputError(
            ExitCode.USAGE,
            f"'{label}={role}': vai trò phải là một trong {', '.join(ROLES)}",
            "unknown column role",
            file=source,
            column=label or None,
        )
    return label, role


def parse_column_options(options: list[str]) -> dict[str, str]:
    """``["Họ tên=name", …]`` to ``{"Họ tên": "name", …}``."""
    out: dict[str, str] = {}
    for option in options:
        if "=" not in option:
            raise InputError(
                ExitCode.USAGE,
                f"--column '{option}' phải có dạng \"Tiêu đề cột=vai trò\"",
                'expected --column "Header=role"',
            )
        label, role = option.rsplit("=", 1)
        label, role = _checked(label, role, "--column")
        out[label] = role
    return out


def load_mapping_file(path: Path) -> dict[str, str]:
    """The ``[columns]`` table of a TOML mapping file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            ExitCode.MISSING_FILE,
            "không tìm thấy tệp ánh xạ cột",
            "mapping file not found",
            file=str(path),
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            ExitCode.USAGE, f"tệp ánh xạ cột sai cú pháp ({exc})", "invalid TOML", file=str(path)
        ) from None
    table = data.get("columns", data)
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise InputError(
            ExitCode.USAGE,
            'tệp ánh xạ cần bảng [columns] dạng "Tiêu đề" = "vai trò"',
            'expected a [columns] table of "Header" = "role"',
            file=str(path),
        )
    return dict(_checked(k, v, str(path)) for k, v in table.items())
