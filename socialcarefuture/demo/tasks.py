"""Run the background work that loading demo content causes once per object.

Publishing a page queues a search-index update and a reference-index update
on every save (creating, saving a revision, publishing): three times each for
the same page. While the demo loads, tasks are held by Django's dummy backend;
afterwards each distinct task runs once, in this process, whatever backend the
site normally uses (so the demo is complete even before a worker runs).
"""

import json
from contextlib import contextmanager

from django.conf import settings
from django.tasks import task_backends
from django.test.utils import override_settings


@contextmanager
def run_each_task_once_at_the_end():
    queues = settings.TASKS.get("default", {}).get("QUEUES", [])
    held = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": queues}}
    with override_settings(TASKS=held):
        yield
        results = list(task_backends["default"].results)
    seen = set()
    for result in results:
        key = (result.task.module_path, json.dumps(result.args), json.dumps(result.kwargs, sort_keys=True))
        if key not in seen:
            seen.add(key)
            result.task.call(*result.args, **result.kwargs)
