"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py`.

Every value can be changed from the environment, so that one file serves a
small single server and several app servers behind a load balancer.
"""

import multiprocessing
import os

wsgi_app = "socialcarefuture.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Two workers per core plus one, the usual starting point for a site that
# mostly waits on its database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never take the site down.
max_requests = 2000
max_requests_jitter = 200
# Trust X-Forwarded-* only from the proxy in front of us.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# Tokens in the links of our emails are masked in both logs.
logger_class = "socialcarefuture.security.logs.GunicornLogger"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Load the app before forking, so workers share memory and a broken deploy
# fails at start rather than on the first request.
preload_app = True
