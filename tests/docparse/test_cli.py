"""`trienkhai parse FILE [--json]` through the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .test_seed import SEED

TRIENKHAI = Path(sys.executable).parent / "trienkhai"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TRIENKHAI), "parse", *args], capture_output=True, text=True, encoding="utf-8", timeout=120
    )


def test_parse_json_prints_the_contract_for_the_seed() -> None:
    result = run(str(SEED), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema"] == "trienkhai.document/1"
    assert doc["number"] == "27/KH-LĐLĐ"
    assert doc["date"] == "2024-08-08"
    assert len(doc["tasks"]) == 26
    assert doc["signer"]["name"] == "Hoàng Thạch Sơn"
    assert "LĐLĐ" in result.stdout  # not ASCII-escaped
    assert '\n  "schema"' in result.stdout  # indent=2


def test_parse_without_json_prints_a_vietnamese_outline() -> None:
    result = run(str(SEED))
    assert result.returncode == 0, result.stderr
    assert "KẾ HOẠCH số 27/KH-LĐLĐ" in result.stdout
    assert "Nhiệm vụ (26):" in result.stdout


def test_parse_missing_file_exits_2_with_a_vietnamese_message(tmp_path: Path) -> None:
    result = run(str(tmp_path / "khong-co.txt"), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert any(ch in message for ch in "ăâđêôơưĂÂĐÊÔƠƯ") or "Không" in message


@pytest.mark.parametrize(
    ("name", "content"),
    [("rong.txt", b""), ("hong.docx", b"PK\x03\x04 not really a zip"), ("rac.bin", bytes(range(256)) * 8)],
)
def test_parse_unreadable_file_exits_2_with_one_vietnamese_line(
    tmp_path: Path, name: str, content: bytes
) -> None:
    file = tmp_path / name
    file.write_bytes(content)
    result = run(str(file), "--json")
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and message
    assert any(ch in message for ch in "ăâđêôơưĂÂĐÊÔƠƯ")


PINNED = Path(__file__).parent / "seed.parse.json"


def test_parse_json_of_the_seed_is_byte_for_byte_the_pinned_output() -> None:
    # seed.parse.json was printed by the parser before the contract became TypedDicts (issue 9)
    result = subprocess.run([str(TRIENKHAI), "parse", str(SEED), "--json"], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == PINNED.read_bytes()


def test_contract_round_trips_through_to_json_and_from_json() -> None:
    from trienkhai.lib.docparse import from_json, parse_text, to_json

    doc = parse_text(SEED.read_text(encoding="utf-8"))
    assert from_json(to_json(doc)) == doc
    older = json.loads(to_json(doc))
    del older["addressees"], older["signer"]["authority"]
    back = from_json(older)
    assert back["addressees"] == [] and back["signer"]["authority"] == []
    with pytest.raises(ValueError):
        from_json('{"schema": "other/1"}')
