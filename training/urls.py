from django.urls import path

from training import urls_cohorts, urls_delivery, urls_learning
from training.views import accounts, language, people

app_name = "training"

urlpatterns = [
    path("people/", accounts.people, name="people"),
    path("people/<id:pk>/", people.person_detail, name="person"),
    path(
        "people/<id:pk>/deactivate/",
        people.person_deactivate,
        name="person_deactivate",
    ),
    path(
        "people/<id:pk>/reactivate/",
        people.person_reactivate,
        name="person_reactivate",
    ),
    path(
        "people/invitations/<id:pk>/resend/",
        accounts.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "people/invitations/<id:pk>/revoke/",
        accounts.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invite/<str:token>/", accounts.invitation_accept, name="invitation_accept"),
    path("language/", language.language, name="language"),
    *urls_learning.urlpatterns,
    *urls_cohorts.urlpatterns,
    *urls_delivery.urlpatterns,
]
