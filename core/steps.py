"""The seed runner: each project app may offer a step, run lowest layer first.

``<app>/initial.py`` has ``install(stdout=)``: real content, no accounts
(``load_content``). ``<app>/demo.py`` has ``seed(stdout=)``: demo people and their data
(``seed_demo``, after the content)."""

from importlib import import_module

from django.db import transaction

from core.schedules import PROJECT_APPS


def run_steps(module: str, function: str, *, stdout) -> list:
    """Run ``<app>.<module>.<function>(stdout=...)`` for every app that has it, each
    in its own transaction; returns the modules that ran."""
    ran = []
    for label in PROJECT_APPS:
        try:
            step = import_module(f"{label}.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{label}.{module}":
                raise
            continue
        if not hasattr(step, function):
            continue
        with transaction.atomic():
            getattr(step, function)(stdout=stdout)
        ran.append(step)
    return ran
