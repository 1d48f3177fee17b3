from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.news_list, name="news_list"),
    path("news/<int:pk>/", views.news_detail, name="news_detail"),
    path("deputies/", views.deputies, name="deputies"),
    path("deputies/<int:pk>/", views.deputy, name="deputy"),
    path("find/", views.find, name="find"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("app-shell.json", views.app_shell, name="app_shell"),
    path("offline/", views.offline, name="offline"),
    path("icons/icon.svg", views.icon_svg, name="icon_svg"),
    path("icons/icon-<int:size>.png", views.icon_png, name="icon_png"),
    path("editor/", views.editor, name="editor"),
    path("editor/new/", views.news_edit, name="news_new"),
    path("editor/<int:pk>/", views.news_edit, name="news_edit"),
    path("editor/<int:pk>/delete/", views.news_delete, name="news_delete"),
]

urlpatterns += [
    path("certificates/verify/", views.certificate_verify, name="certificate_verify"),
]
