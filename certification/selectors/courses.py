"""Which certification cycle each course completion counted for, added to the
training pages (course outline, My learning) through the ``course_completion_notes``
Wagtail hook (registered in ``certification/wagtail_hooks.py``), so training never
imports certification."""

from collections import defaultdict
from datetime import datetime

from certification.checklists import completion_cycles, completion_note
from certification.dates import local_date
from certification.models import Certification, CertificationEvent


def completion_notes(
    *, user, completions: list[tuple[int, datetime]]
) -> dict[tuple[int, datetime], str]:
    """``(course id, completed at)`` → "Completed on …, counts for the cycle ending
    …" for every completion of a program's refresher that counted for a cycle of
    ``user``'s certification. Two queries however many completions."""
    if not completions or not user.is_authenticated:
        return {}
    course_ids = {course_id for course_id, _at in completions}
    certs = list(
        Certification.objects.filter(
            user=user, cycle__gt=0, program__recert_course_id__in=course_ids
        ).select_related("program")
    )
    if not certs:
        return {}
    closed = defaultdict(list)
    for cert_id, counted_from, at, cycle_ending in CertificationEvent.objects.filter(
        certification__in=certs, cycle_ending__isnull=False
    ).values_list("certification_id", "counted_from", "at", "cycle_ending"):
        closed[cert_id].append((counted_from, local_date(at), cycle_ending))
    notes = {}
    for cert in certs:
        mine = [
            (at, local_date(at))
            for course_id, at in completions
            if course_id == cert.program.recert_course_id
        ]
        cycles = completion_cycles(
            cert.program, cert, closed[cert.pk], [day for _at, day in mine]
        )
        for at, day in mine:
            if day in cycles:
                key = (cert.program.recert_course_id, at)
                note = completion_note(day, cycles[day])
                if len(certs) > 1:
                    note = f"{note} ({cert.program.name})"
                notes[key] = " ".join(filter(None, [notes.get(key), note]))
    return notes
