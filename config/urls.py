from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views

handler500 = "core.views.server_error"

urlpatterns = [
    path("health/", core_views.health, name="health"),
    re_path(r"^health/live/?$", core_views.live, name="health_live"),
    re_path(r"^health/ready/?$", core_views.ready, name="health_ready"),
    re_path(r"^health/worker/?$", core_views.worker, name="health_worker"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("roundtables/", include("simulations.urls")),
    path("", include("certification.urls")),
    path("", include("training.urls")),
]

if settings.BENCH_BARE_VIEW:
    # The bench's yardstick (bench/run.py); never routed unless asked for.
    urlpatterns += [path("bench/bare/", core_views.bench_bare, name="bench_bare")]

if settings.SERVE_MEDIA_IMAGES:
    # Uploads on the file system and no proxy serving them: Django serves image
    # files (public, like the pages that show them). Documents never: they go
    # through Wagtail's view at /documents/, which checks collection privacy.
    urlpatterns += [
        re_path(
            r"^media/(?P<path>(?:original_images|images)/.+)$",
            core_views.media_image,
        )
    ]

# Wagtail serves the course pages and the home page; it must come last.
urlpatterns += [path("", include(wagtail_urls))]
