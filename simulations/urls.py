from django.urls import path

from simulations.views import console, lists, plans, reports

app_name = "simulations"

urlpatterns = [
    path("", lists.index, name="index"),
    path("start/", lists.start, name="start"),
    path("assign/", lists.assign, name="assign"),
    path("<int:pk>/", console.console, name="console"),
    path("<int:pk>/phase/<slug:phase>/", console.phase, name="phase"),
    path("<int:pk>/advance/", console.advance, name="advance"),
    path("<int:pk>/seats/", console.seats, name="seats"),
    path("<int:pk>/checklist/", console.checklist, name="checklist"),
    path("<int:pk>/ask/", console.ask, name="ask"),
    path("<int:pk>/exit-criteria/", console.exit_criteria, name="exit_criteria"),
    path("<int:pk>/debrief/", console.debrief, name="debrief"),
    path("<int:pk>/state/", console.state, name="state"),
    path("<int:pk>/live/", console.live, name="live"),
    path("<int:pk>/ideas/", plans.idea_add, name="idea_add"),
    path("<int:pk>/ideas/<int:idea_pk>/delete/", plans.idea_delete, name="idea_delete"),
    path("<int:pk>/goals/", plans.goals, name="goals"),
    path("<int:pk>/steps/", plans.step_add, name="step_add"),
    path("<int:pk>/steps/<int:step_pk>/", plans.step_edit, name="step_edit"),
    path("<int:pk>/steps/<int:step_pk>/delete/", plans.step_delete, name="step_delete"),
    path("<int:pk>/follow-up/", plans.follow_up, name="follow_up"),
    path("<int:pk>/report/", reports.report, name="report"),
    path("<int:pk>/plan/", reports.plan, name="plan"),
]
