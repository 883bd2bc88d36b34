"""The demo content, loaded once per test process and handed to tests cheaply.

``load_demo_content`` takes seconds; a test takes milliseconds. So each test
process (each pytest-xdist worker) loads the demo once, right after its test
database has been migrated, and keeps it aside. ``tests/conftest.py`` then
gives it to tests in one of three ways:

- *rolled back* (``demo_site``): the test's usual transaction runs on the demo
  and is rolled back, so the demo stays as loaded;
- *private copy* (``live_demo``): the test and a live server really commit, on
  a copy that is thrown away afterwards;
- *shared copy* (``shared_live_demo``): one copy per process behind a live
  server, for browser tests that only look (their searches and image
  renditions are written there and nowhere else).

Only ``call_command("load_demo_content")`` and the database's own copying are
used, so the demo can change freely.

PostgreSQL: the demo is a database of its own (``<test database>_demo``),
made with ``CREATE DATABASE ... TEMPLATE`` from the freshly migrated test
database. A rolled-back test points the connection at it; a copy is another
``CREATE DATABASE ... TEMPLATE <demo>`` (fast: PostgreSQL copies the files),
dropped after use. Search works on every copy because Wagtail's database
search backend keeps its index in ordinary tables.

SQLite: the test database lives in memory, and connections cannot be pointed
elsewhere without losing it, so the demo is kept as an in-memory snapshot and
copied in and out of the test database with SQLite's backup API (milliseconds;
the full-text search table is copied with the rest). The shared copy is a
second, named in-memory database.
"""

import itertools
import os
import sqlite3
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend


def demo_databases_for(alias=DEFAULT_DB_ALIAS):
    vendor = connections[alias].vendor
    if vendor == "postgresql":
        return PostgresDemo(alias)
    if vendor == "sqlite":
        return SqliteDemo(alias)
    raise NotImplementedError(f"No demo database support for {vendor}")


class PostgresDemo:
    def __init__(self, alias):
        self.alias = alias
        # The very dict every connection object for this alias reads its NAME
        # from (the live server's threads and Playwright's greenlets included).
        self.settings = connections.settings[alias]
        self.test_name = self.settings["NAME"]
        self.demo_name = f"{self.test_name}_demo"
        self.shared_name = None
        self.fingerprint_at_start = None
        self._numbers = itertools.count(1)
        if len(self.demo_name) + len("_shared") > 63:
            raise RuntimeError(f"Test database name {self.test_name!r} is too long to derive copies from")

    # The pieces ----------------------------------------------------------------------

    def _quote(self, name):
        return connections[self.alias].ops.quote_name(name)

    def _execute_elsewhere(self, sql, params=None):
        """Run SQL on the server's 'postgres' database (CREATE/DROP DATABASE
        cannot run on the database they touch, nor inside a transaction)."""
        with connections[self.alias]._nodb_cursor() as cursor:
            cursor.execute(sql, params)

    def _point_at(self, name):
        """Close this thread's connection and make every later one open ``name``."""
        connections[self.alias].close()
        self.settings["NAME"] = name

    def _copy(self, source, target):
        self._drop(target)  # left over from an interrupted run
        # PostgreSQL refuses to copy a database someone is connected to. Our own
        # connection is closed by now; anything else on the source is a stale
        # connection of this process (each process has its own databases).
        self._execute_elsewhere(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [source],
        )
        self._execute_elsewhere(f"CREATE DATABASE {self._quote(target)} TEMPLATE {self._quote(source)}")

    def _drop(self, name):
        self._execute_elsewhere(f"DROP DATABASE IF EXISTS {self._quote(name)} WITH (FORCE)")

    # What conftest.py uses -----------------------------------------------------------

    def build(self, load):
        """Copy the just-migrated test database and load the demo into the copy."""
        self._point_at(self.test_name)
        self._copy(self.test_name, self.demo_name)
        self._point_at(self.demo_name)
        try:
            load()
            self.fingerprint_at_start = fingerprint(connections[self.alias])
        finally:
            self._point_at(self.test_name)

    @contextmanager
    def rolled_back(self):
        """Point the connection at the demo; the caller's transaction keeps it as it was."""
        self._point_at(self.demo_name)
        try:
            yield
        finally:
            self._point_at(self.test_name)

    @contextmanager
    def private_copy(self):
        """Point the connection at a fresh copy of the demo, dropped afterwards.
        Yields the settings a live server should use to reach the same copy."""
        name = f"{self.demo_name}_{next(self._numbers)}"
        self._point_at(self.test_name)
        self._copy(self.demo_name, name)
        self._point_at(name)
        try:
            yield dict(self.settings)
        finally:
            self._point_at(self.test_name)
            self._drop(name)

    def shared_copy(self):
        """Settings for one copy of the demo that lives as long as the process."""
        if self.shared_name is None:
            self.shared_name = f"{self.demo_name}_shared"
            self._copy(self.demo_name, self.shared_name)
        return {**self.settings, "NAME": self.shared_name}

    def check_unchanged(self):
        """Fail if anything was committed into the demo database during the run."""
        self._point_at(self.demo_name)
        try:
            now = fingerprint(connections[self.alias])
        finally:
            self._point_at(self.test_name)
        changed = sorted(
            table
            for table in set(now) | set(self.fingerprint_at_start)
            if now.get(table) != self.fingerprint_at_start.get(table)
        )
        assert not changed, (
            "A test committed changes into the shared demo database "
            f"{self.demo_name} (tables: {', '.join(changed)}). Tests that commit "
            "must use live_demo (a private copy), not demo_site."
        )

    def destroy(self):
        self._point_at(self.test_name)
        if self.shared_name:
            self._drop(self.shared_name)
        self._drop(self.demo_name)


def fingerprint(connection):
    """Row count and a digest of the rows, per table (PostgreSQL)."""
    result = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) "
                f"FROM {connection.ops.quote_name(table)} AS t"
            )
            result[table] = cursor.fetchone()
    return result


class SqliteDemo:
    def __init__(self, alias):
        self.alias = alias
        self.settings = connections.settings[alias]
        self.demo = None
        self.shared = None

    def _database(self):
        connection = connections[self.alias]
        connection.ensure_connection()
        return connection.connection

    def _snapshot(self):
        snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        self._database().backup(snapshot)
        return snapshot

    def _restore(self, snapshot):
        snapshot.backup(self._database())

    def build(self, load):
        blank = self._snapshot()
        try:
            load()
            self.demo = self._snapshot()
        finally:
            self._restore(blank)
            blank.close()

    @contextmanager
    def rolled_back(self):
        saved = self._snapshot()
        self._restore(self.demo)
        try:
            yield
        finally:
            self._restore(saved)
            saved.close()

    @contextmanager
    def private_copy(self):
        # The live server shares the test database (in memory), so the demo is
        # copied into it and the test database put back as it was afterwards.
        with self.rolled_back():
            yield dict(self.settings)

    def shared_copy(self):
        uri = f"file:scf_demo_shared_{os.getpid()}?mode=memory&cache=shared"
        if self.shared is None:
            # An in-memory database lives while a connection to it is open.
            self.shared = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self.demo.backup(self.shared)
        return {**self.settings, "NAME": uri}

    def check_unchanged(self):
        """Nothing to check: the demo snapshot is only ever read (copied from)."""

    def destroy(self):
        for snapshot in (self.demo, self.shared):
            if snapshot is not None:
                snapshot.close()


def connection_from(settings_dict, alias=DEFAULT_DB_ALIAS):
    """A new connection object (not yet connected) for ``settings_dict``."""
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, alias)
