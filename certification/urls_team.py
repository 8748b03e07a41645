"""URLs of a supervisor's team pages, included by certification/urls.py."""

from django.urls import path

from certification.views import team

urlpatterns = [
    path("certification/team/", team.team, name="team"),
    path("certification/team/<id:pk>/", team.team_member, name="team_member"),
]
