"""A live server (Django's own LiveServerThread) that serves whichever database
it is told to, independently of the test thread's connection.

pytest-django's ``live_server`` serves the test database and makes every test
that uses it transactional (each one flushes the database afterwards). For the
demo we want something else: one server per test process that browser tests
share, pointed at a copy of the demo (see ``tests/demo_db.py``). Each request
thread gets its own connection to that copy; for SQLite in memory, where a
second connection would not see the same data unless shared, all threads use
one connection object, as Django's LiveServerTestCase does, and take turns:
two requests at once on one SQLite connection (a page and the admin's icon
sprite, fetched in parallel by the browser) once made a primary-key look-up
return two rows.
"""

import threading

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler

from tests.demo_db import connection_from


class _Server(ThreadedWSGIServer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._turns = threading.local()

    def process_request_thread(self, request, client_address):
        connection, self._turns.lock = self.connection_for_request()
        connections[DEFAULT_DB_ALIAS] = connection
        # Handles the request, then closes this thread's connections.
        super().process_request_thread(request, client_address)

    def set_app(self, application):
        def taking_turns(environ, start_response):
            # One request at a time on a shared SQLite connection (below): each
            # answer is made whole, and closed, while the lock is held. (Per
            # request, not per connection: a browser keeps its connections open.)
            lock = getattr(self._turns, "lock", None)
            if lock is None:
                return application(environ, start_response)
            with lock:
                response = application(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    if hasattr(response, "close"):
                        response.close()

        super().set_app(taking_turns)


class DatabaseLiveServer(LiveServerThread):
    def __init__(self, host="localhost"):
        super().__init__(host, StaticFilesHandler)
        self.daemon = True
        self.database = None
        self._shared = {}  # database name: (connection, the lock requests take turns on)
        self._lock = threading.Lock()

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    def __str__(self):
        return self.url

    def serve(self, settings_dict):
        """From now on, requests read and write the database ``settings_dict`` names."""
        self.database = settings_dict

    def connection_for_request(self):
        """``(connection, lock)``: the lock is None unless the connection is shared."""
        settings_dict = self.database
        if settings_dict is None:
            raise RuntimeError("The live server was not told which database to serve")
        connection = connection_from(settings_dict)
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            with self._lock:
                if settings_dict["NAME"] not in self._shared:
                    connection.inc_thread_sharing()
                    self._shared[settings_dict["NAME"]] = (connection, threading.Lock())
                return self._shared[settings_dict["NAME"]]
        return connection, None

    def _create_server(self, connections_override=None):
        server = _Server((self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False)
        server.connection_for_request = self.connection_for_request
        return server

    def start_and_wait(self):
        self.start()
        self.is_ready.wait()
        if self.error:
            raise self.error

    def stop(self):
        self.terminate()
        for connection, _ in self._shared.values():
            connection.close()
            connection.dec_thread_sharing()
