from django.urls import path

from simulations.views import console, lists, plans, reports, workbook

app_name = "simulations"

urlpatterns = [
    path("", lists.index, name="index"),
    path("start/", lists.start, name="start"),
    path("assign/", lists.assign, name="assign"),
    path("courses/<id:course_pk>/workbook.pdf", workbook.workbook, name="workbook"),
    path("<id:pk>/", console.console, name="console"),
    path("<id:pk>/phase/<slug:phase>/", console.phase, name="phase"),
    path("<id:pk>/advance/", console.advance, name="advance"),
    path("<id:pk>/seats/", console.seats, name="seats"),
    path("<id:pk>/checklist/", console.checklist, name="checklist"),
    path("<id:pk>/ask/", console.ask, name="ask"),
    path("<id:pk>/exit-criteria/", console.exit_criteria, name="exit_criteria"),
    path("<id:pk>/debrief/", console.debrief, name="debrief"),
    path("<id:pk>/state/", console.state, name="state"),
    path("<id:pk>/live/", console.live, name="live"),
    path("<id:pk>/ideas/", plans.idea_add, name="idea_add"),
    path("<id:pk>/ideas/<id:idea_pk>/delete/", plans.idea_delete, name="idea_delete"),
    path("<id:pk>/goals/", plans.goals, name="goals"),
    path("<id:pk>/steps/", plans.step_add, name="step_add"),
    path("<id:pk>/steps/<id:step_pk>/", plans.step_edit, name="step_edit"),
    path("<id:pk>/steps/<id:step_pk>/delete/", plans.step_delete, name="step_delete"),
    path("<id:pk>/follow-up/", plans.follow_up, name="follow_up"),
    path("<id:pk>/report/", reports.report, name="report"),
    path("<id:pk>/plan/", reports.plan, name="plan"),
]
