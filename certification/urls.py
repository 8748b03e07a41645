from certification import urls_observations, urls_programs

app_name = "certification"

urlpatterns = [
    *urls_observations.urlpatterns,
    *urls_programs.urlpatterns,
]
