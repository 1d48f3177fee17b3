"""The routes every kind of motion (proposals, suggestions) has, named alike: an app's
``urls.py`` lists them once through ``motion_paths`` and adds its own."""

from __future__ import annotations

from types import ModuleType

from django.urls import URLPattern, path

# (route, the view's name in the app's views module and the route's name)
ROUTES = (
    ("", "mine"),
    ("new/", "draft_new"),
    ("queue/", "queue"),
    ("plans/", "plans"),
    ("statistics/", "statistics"),
    ("public/", "public_list"),
    ("public/<int:pk>/", "public_detail"),
    ("<int:pk>/", "detail"),
    ("<int:pk>/invite/", "invite"),
    ("<int:pk>/cosign/<str:answer>/", "cosign"),
    ("<int:pk>/invitations/<int:deputy>/cancel/", "cancel_invitation"),
    ("<int:pk>/submit/", "submit"),
    ("<int:pk>/assign/", "assign"),
)


def motion_paths(views: ModuleType, *steps: str) -> list[URLPattern]:
    """The shared routes and the POST route ``<pk>/<step>/`` of each of ``steps``, each to the
    view of the same name in ``views``."""
    routes = (*ROUTES, *((f"<int:pk>/{step}/", step) for step in steps))
    return [path(route, getattr(views, name), name=name) for route, name in routes]
