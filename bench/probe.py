"""In-process figures for `bench/pages.py`: SQL queries and HTML sizes.

Run with the same environment as the benchmark's gunicorn (production
settings, the same database). Prints one JSON object: for each page its path,
status, the SQL queries of an uncached render (after one warm-up request, so
the cached menus are in place, as on a server that has been up a minute), the
queries of a page-cache hit, the HTML's size raw and as gzip sends it, and
the microseconds a page-cache hit (or the static file) takes in-process
through the WSGI application gunicorn runs, with its quick answers
(``socialcarefuture/quick_answers.py``) and through Django's handler alone.

    .venv/bin/python bench/probe.py   # with the environment bench/pages.py sets
"""

import io
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialcarefuture.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.templatetags.static import static  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from blog.models import BlogPostPage  # noqa: E402


def pages():
    post = BlogPostPage.objects.live().order_by("-first_published_at").first()
    return [
        ("static CSS file", static("css/site.css")),
        ("vision page", "/"),
        ("standard page", "/about/"),
        ("blog listing", "/blog/"),
        ("blog post", post.url if post else "/blog/"),
        ("search", "/search/?q=care"),
        ("gatherings", "/gatherings/"),
        ("glimpses", "/glimpses/"),
        ("pledge", "/pledge/"),
    ]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def count(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
        content = body(response)
    return response, content, len(queries)


def wsgi_microseconds(application, path, host, times=500):
    """The mean time of ``times`` GET requests for ``path`` straight through a
    WSGI application, body read and closed, as gunicorn would."""
    path, _, query = path.partition("?")

    def start_response(status, headers, exc_info=None):
        return None

    def once():
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": host,
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": host,
            "HTTP_ACCEPT_ENCODING": "gzip",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        answer = application(environ, start_response)
        for _ in answer:
            pass
        if hasattr(answer, "close"):
            answer.close()

    for _ in range(20):
        once()
    started = time.perf_counter()
    for _ in range(times):
        once()
    return round((time.perf_counter() - started) / times * 1e6)


def main():
    from socialcarefuture.wsgi import application, django_application

    host = os.environ.get("BENCH_HOST", "127.0.0.1")
    client = Client(HTTP_HOST=host)
    results = []
    for label, path in pages():
        with override_settings(PAGE_CACHE_SECONDS=0):
            client.get(path)  # warm up: cached menus and settings, renditions
            response, raw, uncached = count(client, path)
            _, gzipped, _ = count(client, path, HTTP_ACCEPT_ENCODING="gzip")
        with override_settings(PAGE_CACHE_SECONDS=300):
            client.get(path)  # stores it
            hit, _, cached = count(client, path)
            quick = wsgi_microseconds(application, path, host)
            django_alone = wsgi_microseconds(django_application, path, host)
        results.append(
            {
                "label": label,
                "path": path,
                "status": response.status_code,
                "queries": uncached,
                "queries_cached": cached,
                "cache_state": hit.get("X-Page-Cache", ""),
                "bytes": len(raw),
                "gzip_bytes": len(gzipped),
                "hit_us_quick": quick,
                "hit_us_django": django_alone,
            }
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
