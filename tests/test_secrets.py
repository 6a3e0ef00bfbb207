"""Reading a password or passphrase for a command: a file's first line, the environment,
or typed twice; every failure is the product's own error (console.read_secret)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from screeningroom_resources.console import Secret, read_secret


class Refused(Exception):
    pass


SECRET = Secret(
    env_var="TEST_SECRET_VALUE", prompt="Secret: ", again_prompt="Again: ",
    unreadable=lambda path, error: Refused(f"unreadable {path.name}: {error}"),
    missing=lambda: Refused("missing"), differ=lambda: Refused("differ"))


def test_the_first_line_of_the_file_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_SECRET_VALUE", "from the environment")
    (tmp_path / "s.txt").write_text("line one\nline two\n", encoding="utf-8")
    assert read_secret(SECRET, tmp_path / "s.txt") == "line one"
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert read_secret(SECRET, tmp_path / "empty.txt") == ""
    assert read_secret(SECRET, None) == "from the environment"


@pytest.mark.parametrize("content", [None, b"\xff\xfe\x00 not text"])
def test_a_file_that_cannot_be_read_is_a_clear_error(tmp_path: Path,
                                                     content: bytes | None) -> None:
    path = tmp_path / "s.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(Refused, match=r"unreadable s\.txt"):
        read_secret(SECRET, path)


def test_nobody_to_type_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEST_SECRET_VALUE", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO())
    with pytest.raises(Refused, match="missing"):
        read_secret(SECRET, None)


def test_typed_twice_must_match(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEST_SECRET_VALUE", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    answers = iter(["one", "two", "same", "same"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(Refused, match="differ"):
        read_secret(SECRET, None, confirm=True)
    assert read_secret(SECRET, None, confirm=True) == "same"
