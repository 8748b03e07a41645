"""Wagtail's background work in tests: the search and reference indexes are a third
of what saving a page costs, and only the tests that search read them. Everywhere
else the work is dropped; the ``search_index`` fixture (``tests/conftest.py``) runs
it as production does, at once."""

from django_tasks.backends.dummy import DummyBackend

# What production runs: each task at once, in the saving request.
INDEXING = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class DroppedTasks(DummyBackend):
    """Accepts a task as the real backend would, then forgets it."""

    def enqueue(self, task, args, kwargs):
        result = super().enqueue(task, args, kwargs)
        self.results.clear()
        return result
