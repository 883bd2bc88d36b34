"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py`.

Every value can be changed from the environment, so that one file serves a
small single server and several app servers behind a load balancer. The
defaults were chosen by measurement (`make bench`, README "Measuring"); the
figures are below.
"""

import gc
import multiprocessing
import os

wsgi_app = "socialcarefuture.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")

# MEASURED-WORKERS
# Sync workers, one more than the cores (README "Measuring": on two cores,
# three sync workers rendered uncached pages fastest of seven settings tried,
# and only sync workers kept p99 within twice p50; threaded workers keep
# connections alive and served the static file as fast or faster, but their
# p99 ran to two to ten times p50). A sync worker is busy for the whole of a request,
# so it wants a proxy in front that buffers slow clients (nginx does by
# default, as do CDNs and platform routers); without one, set
# GUNICORN_WORKER_CLASS=gthread and GUNICORN_THREADS.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never take the site down,
# but rarely: a worker restarting leaves its connections waiting up to a
# second for the arbiter to notice, and every 2,000 requests (as it was) that
# halved the static file's speed under load and put p99 near a second
# (measured, README "Measuring"). At 100,000, a busy day's traffic.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
# Trust X-Forwarded-* only from the proxy in front of us.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# MEASURED-ACCESS-LOG
_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "-")
accesslog = None if _access_log.lower() in {"", "off", "none", "0"} else _access_log
# One short line a request: address, request line, status, bytes, milliseconds.
# (gunicorn's default adds the date, which the log collector stamps anyway, the
# referrer and the user agent.) Static files and stored pages sent before Django
# (socialcarefuture/quick_answers.py) are logged one in GUNICORN_ACCESS_LOG_SAMPLE
# (10) when they succeed: a line cost as much as the answer (README "Measuring").
access_log_format = os.environ.get("GUNICORN_ACCESS_LOG_FORMAT", '%(h)s "%(r)s" %(s)s %(b)s %(M)sms')
errorlog = "-"
# Tokens in the links of our emails are masked in both logs.
logger_class = "socialcarefuture.security.logs.GunicornLogger"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# gunicorn's control socket (for `gunicornc`) is one path per user: a second
# gunicorn on the machine (a second site, the tests, the benchmark) takes it
# over, and it slows shutdown. We do not use it; GUNICORN_CONTROL_SOCKET names a
# path to turn it on.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
# Load the app before forking, so workers share memory and a broken deploy
# fails at start rather than on the first request.
preload_app = True

# MEASURED-GC
# Python's garbage collector now and then walks every object the process
# holds: with Django and Wagtail loaded that is some 190,000, and a full pass
# took 150 ms in the middle of a request (README "Measuring"). Objects that
# live as long as the worker are moved out of its sight (``gc.freeze``):
# what the app loaded before forking, then, once, what a worker built over its
# first requests (compiled templates, URL patterns, kept pages), after a
# collection so no garbage is frozen with them. GUNICORN_GC_FREEZE_AFTER=0
# turns the second step off.
_gc_freeze_after = int(os.environ.get("GUNICORN_GC_FREEZE_AFTER", "200"))


def pre_fork(server, worker):
    gc.freeze()


def post_request(worker, req, environ, resp):
    if _gc_freeze_after and worker.nr == _gc_freeze_after:
        gc.collect()
        gc.freeze()
