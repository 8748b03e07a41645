"""Any change to a course, module or lesson page starts a new content version, so
the course structures every process keeps (content/structure.py) are rebuilt on
their next read. Saves cover drafts, publish and unpublish; moves rewrite tree paths
without a save of the descendants; deletes remove whole branches."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from content.models import CoursePage, LessonPage, ModulePage
from content.structure import content_changed

CONTENT_MODELS = (CoursePage, ModulePage, LessonPage)


def on_page_change(sender, instance, **kwargs):
    # Moves send the plain Page with the specific class as the sender.
    if isinstance(instance, CONTENT_MODELS) or (
        isinstance(sender, type) and issubclass(sender, CONTENT_MODELS)
    ):
        content_changed()


def on_delete(sender, **kwargs):
    # A branch is deleted as plain Page rows too; any of them may be content.
    content_changed()


def connect() -> None:
    for model in CONTENT_MODELS:
        post_save.connect(on_page_change, sender=model, dispatch_uid=f"cs-save-{model}")
    for model in (Page, *CONTENT_MODELS):
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"cs-del-{model}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(on_page_change, dispatch_uid=f"cs-{id(signal)}")
