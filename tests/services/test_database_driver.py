"""The PostgreSQL driver is an optional extra: without it, a PostgreSQL address is refused in plain words."""

from __future__ import annotations

import sys

import pytest

from clinic_desktop.services.database import DatabaseOpenError, open_services


# SQLAlchemy 2.1 reads a plain postgresql:// address with psycopg 3 too.
@pytest.mark.parametrize(
    "url", ["postgresql+psycopg://clinic@127.0.0.1:9/clinic", "postgresql://clinic@127.0.0.1:9/clinic"]
)
def test_a_postgresql_address_without_its_driver_says_how_to_install_it(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # None in sys.modules makes "import psycopg" fail as if the package were not installed.
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(DatabaseOpenError) as raised:
        open_services(url)
    assert raised.value.problem == "The PostgreSQL driver is not installed"
    assert 'pip install "clinic-desktop[postgresql]"' in raised.value.advice
    assert raised.value.location == url
