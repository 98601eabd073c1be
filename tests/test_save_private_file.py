"""Files written by a writer that takes a file name (Qt's image writer): owner-only, whole or not at all."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinic_desktop.owner_only import save_private_file


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of its own (the test's temporary folder also holds the isolated home)."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    return shots


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The common default (files 0644), so a file not made private shows."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_file_is_owner_only_and_replaces_an_older_one(folder: Path) -> None:
    target = folder / "register.png"
    target.write_bytes(b"older")
    os.chmod(target, 0o644)
    written: list[str] = []

    def save(name: str) -> bool:
        written.append(name)
        Path(name).write_bytes(b"\x89PNG new")  # opens the file given, as Qt's writer does
        return True

    assert save_private_file(target, save)
    assert target.read_bytes() == b"\x89PNG new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert written[0] != str(target) and Path(written[0]).parent == folder
    assert [p.name for p in folder.iterdir()] == ["register.png"]


def test_a_writer_that_fails_leaves_the_older_file_and_no_temporary_file(folder: Path) -> None:
    target = folder / "register.png"
    target.write_bytes(b"older")

    def save(name: str) -> bool:
        Path(name).write_bytes(b"half")
        return False

    assert not save_private_file(target, save)
    assert target.read_bytes() == b"older"
    assert [p.name for p in folder.iterdir()] == ["register.png"]


def test_a_writer_that_raises_leaves_no_temporary_file(folder: Path) -> None:
    def save(_name: str) -> bool:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        save_private_file(folder / "register.png", save)
    assert list(folder.iterdir()) == []
