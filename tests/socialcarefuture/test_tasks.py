"""Background tasks: one TASKS setting serves our tasks and Wagtail's own, and
the database backend's worker really runs them (as in production)."""

import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.factories import StandardPageFactory


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]},
    }


def test_wagtail_queues_its_own_work_on_our_backend_and_the_worker_runs_it(committed_db, database_tasks):
    """The worker closes database connections between tasks, as in production,
    so this runs on committed data rather than inside a test transaction."""
    from tests.factories import build_site

    home_page = build_site()
    from wagtail.models import ReferenceIndex

    page = StandardPageFactory(parent=home_page, title="Queued page")
    from socialcarefuture.demo.site import stream

    page.body = stream(("paragraph", f'<p>See <a linktype="page" id="{home_page.pk}">home</a></p>'))
    page.save_revision().publish()
    queued = DBTaskResult.objects.filter(task_path__startswith="wagtail.", status="READY")
    assert queued.exists(), list(DBTaskResult.objects.values_list("task_path", "status"))
    assert not ReferenceIndex.get_references_for_object(page).exists()

    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", stdout=io.StringIO())

    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert DBTaskResult.objects.filter(task_path__startswith="wagtail.", status="SUCCESSFUL").exists()
    assert ReferenceIndex.get_references_for_object(page).exists()
