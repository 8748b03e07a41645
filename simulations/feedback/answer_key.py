"""The checks against the case's answer key: the facts of record, the rating, the
recommended goals, and the follow-up."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from simulations import rules
from simulations.feedback.checks import Check
from simulations.models import Goal, Rating
from simulations.models.enums import NO_GOAL
from simulations.selectors.console import Console


def _goal_label(value: str) -> str:
    if value == NO_GOAL:
        return _("None")
    return Goal(value).label if value in Goal.values else _("not recorded")


def exit_criteria_checks(console: Console) -> list[Check]:
    plan, case = console.plan, console.case
    recorded = Check(
        "exit_criteria",
        _("Exit criteria of Clarify and Explore recorded"),
        plan.exit_criteria_met,
        _(
            "Rating, goal and concurrent goal of record, last full disclosure and when "
            "the youth was last asked were captured before brainstorming."
        )
        if plan.exit_criteria_met
        else _("Some exit criteria were not captured."),
    )
    items = []
    if plan.goal_of_record != case.goal_of_record:
        items.append(
            _("Goal of record: you noted %(yours)s; the record says %(case)s.")
            % {
                "yours": _goal_label(plan.goal_of_record),
                "case": _goal_label(case.goal_of_record),
            }
        )
    if plan.concurrent_goal_of_record != case.concurrent_goal_of_record:
        items.append(
            _(
                "Concurrent goal of record: you noted %(yours)s; the record says "
                "%(case)s."
            )
            % {
                "yours": _goal_label(plan.concurrent_goal_of_record),
                "case": _goal_label(case.concurrent_goal_of_record),
            }
        )
    months = case.last_full_disclosure_months_ago
    roundtable_date = console.roundtable.roundtable_date
    if months is None:
        if not plan.never_fully_disclosed:
            items.append(_("The options were never fully disclosed in this case."))
    elif plan.never_fully_disclosed or plan.last_full_disclosure_on is None:
        items.append(
            _("The last full disclosure was about %(months)s months before.")
            % {"months": months}
        )
    else:
        expected = rules.add_months(roundtable_date, -months)
        if abs((plan.last_full_disclosure_on - expected).days) > 31:
            items.append(
                _(
                    "Last full disclosure: you noted %(yours)s; the record says about "
                    "%(expected)s (%(months)s months before)."
                )
                % {
                    "yours": date_format(plan.last_full_disclosure_on, "DATE_FORMAT"),
                    "expected": date_format(expected, "DATE_FORMAT"),
                    "months": months,
                }
            )
    facts = Check(
        "facts_of_record",
        _("Facts of record match the case"),
        not items,
        _("The goals of record and the last full disclosure match the case file.")
        if not items
        else _("Some facts differ from the case file."),
        items,
    )
    return [recorded, facts]


def rating_check(console: Console) -> Check:
    yours, key = console.plan.rating, console.case.answer_rating
    if yours not in Rating.values:
        return Check("rating", _("Status rating"), False, _("No rating recorded."))
    gap = abs(Rating(yours).rank - Rating(key).rank)
    detail = _("You rated %(yours)s; an experienced team would rate %(key)s.") % {
        "yours": Rating(yours).label,
        "key": Rating(key).label,
    }
    if gap:
        detail += " " + ngettext("One level apart.", "%(gap)s levels apart.", gap) % {
            "gap": gap
        }
    return Check("rating", _("Status rating matches the answer key"), gap == 0, detail)


def goals_check(console: Console) -> Check:
    plan, case = console.plan, console.case
    same = (
        plan.recommended_goal == case.recommended_goal
        and plan.recommended_concurrent_goal == case.recommended_concurrent_goal
    )
    return Check(
        "recommended_goals",
        _("Recommended goals match the answer key"),
        same,
        _(
            "You recommended %(goal)s with %(concurrent)s; the key recommends "
            "%(key_goal)s with %(key_concurrent)s."
        )
        % {
            "goal": _goal_label(plan.recommended_goal),
            "concurrent": _goal_label(plan.recommended_concurrent_goal),
            "key_goal": _goal_label(case.recommended_goal),
            "key_concurrent": _goal_label(case.recommended_concurrent_goal),
        },
    )


def follow_up_check(console: Console) -> Check:
    follow_up = console.follow_up
    recorded = bool(follow_up and follow_up.recorded_at)
    detail = _("Not recorded.")
    if recorded:
        before = Rating(console.plan.rating).rank if console.plan.rating else 0
        after = Rating(follow_up.rating).rank
        change = (
            _("improved")
            if after > before
            else _("unchanged")
            if after == before
            else _("lower")
        )
        detail = _(
            "Every step got a status; the rating is now %(rating)s (%(change)s)."
        ) % {"rating": Rating(follow_up.rating).label, "change": change}
    return Check("follow_up", _("Follow-up held"), recorded, detail)
