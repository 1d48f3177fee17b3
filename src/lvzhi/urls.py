from django.urls import include, path

from lvzhi.api.api import api
from lvzhi.portal.views import root

# The apps whose pages live under their own name: /<app>/… from lvzhi.<app>.urls.
APPS = (
    "registry",
    "suggestions",
    "proposals",
    "contacts",
    "stations",
    "meetings",
    "voting",
    "activities",
    "records",
    "portal",
    "compliance",
)

urlpatterns = [
    # Visitors land on the public portal; a signed-in user on their desk.
    path("", root, name="home"),
    # The API first: nothing else starts with api/v1/, and its calls (the public answers are
    # cached, api.answercache) then skip matching the whole site's patterns (issue 25).
    path("api/v1/", api.urls),
    path("", include("lvzhi.core.urls")),
    *(path(f"{app}/", include(f"lvzhi.{app}.urls")) for app in APPS),
    path("api/tokens/", include("lvzhi.api.urls")),
]

handler400 = "lvzhi.core.views.error_400"
handler404 = "lvzhi.core.views.error_404"
handler500 = "lvzhi.core.views.error_500"
