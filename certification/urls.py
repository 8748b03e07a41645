from certification import (
    urls_calibration,
    urls_observations,
    urls_programs,
    urls_team,
)

app_name = "certification"

urlpatterns = [
    *urls_observations.urlpatterns,
    *urls_programs.urlpatterns,
    *urls_team.urlpatterns,
    *urls_calibration.urlpatterns,
]
