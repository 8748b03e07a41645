"""A supervisor's read-only pages: their team's certifications and deadlines, and
one member's checklists. Only the supervisor's own team (404 for anyone else)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from certification.permissions import get_team_member_for_user
from certification.selectors import team as selectors
from certification.selectors.programs import program_cards


@login_required
def team(request):
    """Everyone the signed-in person supervises, with status and next deadline."""
    return render(
        request,
        "certification/team/team.html",
        {"team": selectors.team_for(supervisor=request.user)},
    )


@login_required
def team_member(request, pk):
    """One team member's certifications with dates and checklists, read only."""
    member = get_team_member_for_user(request.user, pk)
    today = timezone.localdate()
    cards = [card for card in program_cards(user=member, today=today) if card.started]
    return render(
        request,
        "certification/team/member.html",
        {
            "member": member,
            "entries": [
                (card, selectors.next_deadline(card.certification)) for card in cards
            ],
            "today": today,
        },
    )
