from django.urls import URLPattern

from lvzhi.activities.common.pages import routes

from . import views

app_name = "records"

urlpatterns: list[URLPattern] = routes(
    [
        (
            views,
            [
                ("", "index"),
                ("handbooks/", "collection"),
                ("evaluation/", "evaluation", "evaluation_view"),
                ("evaluation/scheme/", "scheme"),
                ("<int:pk>/<int:year>/", "archive"),
                ("<int:pk>/<int:year>/entries/", "entry_add"),
                ("<int:pk>/<int:year>/discipline/", "discipline"),
                ("<int:pk>/<int:year>/handbook.docx", "handbook_docx"),
                ("<int:pk>/<int:year>/handbook.pdf", "handbook_pdf"),
                ("<int:pk>/<int:year>/submit/", "handbook_submit"),
                ("entries/<int:entry_id>/confirm/", "entry_confirm"),
                ("entries/<int:entry_id>/return/", "entry_return"),
                ("entries/<int:entry_id>/delete/", "entry_delete"),
                ("entries/<int:entry_id>/evidence/", "evidence"),
                ("certificates/", "certificates"),
                ("certificates/<int:pk>/", "certificate"),
                ("certificates/<int:pk>/decide/", "certificate_decide"),
                ("certificates/<int:pk>/certificate.docx", "certificate_docx"),
                ("certificates/<int:pk>/certificate.pdf", "certificate_pdf"),
            ],
        )
    ]
)
