from django.urls import include, path

from lvzhi.api.api import api
from lvzhi.portal.views import root

urlpatterns = [
    # Visitors land on the public portal; a signed-in user on their desk.
    path("", root, name="home"),
    # The API first: nothing else starts with api/v1/, and its calls (the public answers are
    # cached, api.answercache) then skip matching the whole site's patterns (issue 25).
    path("api/v1/", api.urls),
    path("", include("lvzhi.core.urls")),
    path("registry/", include("lvzhi.registry.urls")),
    path("suggestions/", include("lvzhi.suggestions.urls")),
    path("proposals/", include("lvzhi.proposals.urls")),
    path("contacts/", include("lvzhi.contacts.urls")),
    path("stations/", include("lvzhi.stations.urls")),
    path("meetings/", include("lvzhi.meetings.urls")),
    path("voting/", include("lvzhi.voting.urls")),
    path("activities/", include("lvzhi.activities.urls")),
    path("records/", include("lvzhi.records.urls")),
    path("portal/", include("lvzhi.portal.urls")),
    path("compliance/", include("lvzhi.compliance.urls")),
    path("api/tokens/", include("lvzhi.api.urls")),
]

handler400 = "lvzhi.core.views.error_400"
handler404 = "lvzhi.core.views.error_404"
handler500 = "lvzhi.core.views.error_500"
