"""Step 1 (vade-mecum « Première étape »): the editor's filings and the CSA's decision.
docs/web-step1.md lists who may use each page."""

from django.urls import path

from montage.web.step1 import views

urlpatterns = [
    path("step1/", views.file_list, name="step1_list"),
    path("step1/open/", views.open_year, name="step1_open_year"),
    path("step1/<int:pk>/", views.file_detail, name="step1_file"),
    path("step1/<int:pk>/choice/", views.file_choice, name="step1_choice"),
    path("step1/<int:pk>/lines/", views.line_add, name="step1_line_add"),
    path("step1/lines/<int:line_pk>/", views.line_edit, name="step1_line_edit"),
    path("step1/lines/<int:line_pk>/delete/", views.line_delete,
         name="step1_line_delete"),
    path("step1/<int:pk>/figures/", views.facts_save, name="step1_facts"),
    path("step1/<int:pk>/attachments/", views.attachment_add, name="step1_attachment_add"),
    path("step1/attachments/<int:attachment_pk>/", views.attachment_download,
         name="step1_attachment"),
    path("step1/<int:pk>/submit/", views.declaration_submit, name="step1_submit"),
    path("step1/<int:pk>/questions/", views.question_ask, name="step1_question_ask"),
    path("step1/questions/<int:question_pk>/answer/", views.question_answer,
         name="step1_question_answer"),
    path("step1/<int:pk>/decision/", views.decide, name="step1_decide"),
    path("step1/<int:pk>/presumption/", views.presume, name="step1_presume"),
]
