from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("", views.index, name="index"),
    path("handbooks/", views.collection, name="collection"),
    path("evaluation/", views.evaluation_view, name="evaluation"),
    path("evaluation/scheme/", views.scheme, name="scheme"),
    path("<int:pk>/<int:year>/", views.archive, name="archive"),
    path("<int:pk>/<int:year>/entries/", views.entry_add, name="entry_add"),
    path("<int:pk>/<int:year>/discipline/", views.discipline, name="discipline"),
    path("<int:pk>/<int:year>/handbook.docx", views.handbook_docx, name="handbook_docx"),
    path("<int:pk>/<int:year>/handbook.pdf", views.handbook_pdf, name="handbook_pdf"),
    path("<int:pk>/<int:year>/submit/", views.handbook_submit, name="handbook_submit"),
    path("entries/<int:entry_id>/confirm/", views.entry_confirm, name="entry_confirm"),
    path("entries/<int:entry_id>/return/", views.entry_return, name="entry_return"),
    path("entries/<int:entry_id>/delete/", views.entry_delete, name="entry_delete"),
    path("entries/<int:entry_id>/evidence/", views.evidence, name="evidence"),
]

urlpatterns += [
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/<int:pk>/", views.certificate, name="certificate"),
    path("certificates/<int:pk>/decide/", views.certificate_decide, name="certificate_decide"),
    path("certificates/<int:pk>/certificate.docx", views.certificate_docx, name="certificate_docx"),
    path("certificates/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
]
