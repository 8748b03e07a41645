"""The content layer has no demo people: its site root and curriculum are real
content, installed by ``load_content`` (content/initial.py)."""

from content.initial import HOME_INTRO, ensure_home_page  # noqa: F401 (old home)
