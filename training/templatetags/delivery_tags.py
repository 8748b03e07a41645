"""Template filters for the session runner."""

from django import template

register = template.Library()


@register.filter
def clock(seconds) -> str:
    """Seconds as m:ss (h:mm:ss past an hour); negative values lose their sign."""
    seconds = abs(int(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def case_label(slug) -> str:
    """A sample case's slug as words: "jordan-initial" → "Jordan initial"."""
    return str(slug or "").replace("-", " ").capitalize()
