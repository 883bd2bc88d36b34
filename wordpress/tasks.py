"""Wagtail's background work, held during an import and done in bulk.

Saving a page or a picture queues a search-index update and a reference-index
update (what uses what) for that object, one task each, often several times for
the same object. During an import they are held by Django's dummy task backend
(as ``socialcarefuture/demo/tasks.py`` does for the demo content), and
``run_held_tasks()`` does them once per object, in bulk: one search-index
insert per model for a whole batch, then the reference index object by object.
It runs inside each batch's transaction, so a batch and its index entries are
saved together or not at all.
"""

import json
from collections import defaultdict
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.tasks import task_backends
from django.test.utils import override_settings
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from modelsearch import index
from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import class_is_indexed
from wagtail.models import ReferenceIndex

SEARCH_TASK = "modelsearch.tasks.insert_or_update_object_task"
REFERENCE_TASK = "wagtail.tasks.update_reference_index_task"


@contextmanager
def hold_tasks():
    queues = settings.TASKS.get("default", {}).get("QUEUES", [])
    held = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": queues}}
    with override_settings(TASKS=held):
        yield


def run_held_tasks():
    """Do the held work once per object, then forget it."""
    backend = task_backends["default"]
    results = list(getattr(backend, "results", []))
    if not results:
        return
    backend.clear()
    search, references, others, seen = defaultdict(set), defaultdict(set), [], set()
    for result in results:
        path = result.task.module_path
        if path == SEARCH_TASK:
            search[(result.args[0], result.args[1])].add(result.args[2])
        elif path == REFERENCE_TASK:
            references[(result.args[0], result.args[1])].add(result.args[2])
        else:
            key = (path, json.dumps(result.args), json.dumps(result.kwargs, sort_keys=True))
            if key not in seen:
                seen.add(key)
                others.append(result)
    _update_search_index(search)
    _update_reference_index(references)
    for result in others:
        result.task.call(*result.args, **result.kwargs)


def _update_search_index(pks_by_model):
    backends = list(get_search_backends_with_name(with_auto_update=True))
    for (app_label, model_name), pks in pks_by_model.items():
        model = apps.get_model(app_label, model_name)
        if not class_is_indexed(model):
            continue
        objects = list(_with_nested_relations(model, model.get_indexed_objects().filter(pk__in=pks)))
        if objects:
            for _name, backend in backends:
                backend.add_bulk(model, objects)


def _with_nested_relations(model, queryset):
    """Wagtail prefetches a model's related search fields, but not the ones inside them
    (a post's authors' names): prefetch those too, for a whole batch at once."""
    paths = []
    for field in model.get_search_fields():
        if isinstance(field, index.RelatedFields):
            for inner in field.fields:
                if isinstance(inner, index.RelatedFields):
                    paths.append(f"{field.field_name}__{inner.field_name}")
    return queryset.prefetch_related(*paths) if paths else queryset


def _parental_key(model):
    return next((f for f in model._meta.get_fields() if isinstance(f, ParentalKey)), None)


def _update_reference_index(pks_by_model):
    """As wagtail.tasks.update_reference_index_task does, for many objects at once:
    a child object (an author link, a tag link) counts for its parent."""
    pending = {apps.get_model(app_label, name): set(pks) for (app_label, name), pks in pks_by_model.items()}
    owners = defaultdict(set)
    while pending:
        model, pks = pending.popitem()
        parental_key = _parental_key(model)
        if parental_key is None:
            owners[model].update(pks)
            continue
        parent_pks = model._default_manager.filter(pk__in=pks).values_list(parental_key.attname, flat=True)
        parent_model = parental_key.related_model
        pending.setdefault(parent_model, set()).update(pk for pk in parent_pks if pk is not None)
    for model, pks in owners.items():
        # The children Wagtail reads for each object (authors, topics), for all at once.
        children = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
        for instance in model._default_manager.filter(pk__in=pks).prefetch_related(*children):
            instance = getattr(instance, "specific", instance)
            if ReferenceIndex.is_indexed(type(instance)):
                ReferenceIndex.create_or_update_for_object(instance)
