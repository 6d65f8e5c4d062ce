"""Step 1 (vade-mecum « Première étape »): the editor's filings and the CSA's decision.
docs/web-contribution.md lists who may use each page."""

from django.urls import path

from montage.web.contribution import views

urlpatterns = [
    path("contribution/", views.file_list, name="contribution_list"),
    path("contribution/open/", views.open_year, name="contribution_open_year"),
    path("contribution/<int:pk>/", views.file_detail, name="contribution_file"),
    path("contribution/<int:pk>/choice/", views.file_choice, name="contribution_choice"),
    path("contribution/<int:pk>/lines/", views.line_add, name="contribution_line_add"),
    path("contribution/lines/<int:line_pk>/", views.line_edit, name="contribution_line_edit"),
    path("contribution/lines/<int:line_pk>/delete/", views.line_delete,
         name="contribution_line_delete"),
    path("contribution/<int:pk>/figures/", views.facts_save, name="contribution_facts"),
    path("contribution/<int:pk>/attachments/", views.attachment_add, name="contribution_attachment_add"),
    path("contribution/attachments/<int:attachment_pk>/", views.attachment_download,
         name="contribution_attachment"),
    path("contribution/<int:pk>/submit/", views.declaration_submit, name="contribution_submit"),
    path("contribution/<int:pk>/questions/", views.question_ask, name="contribution_question_ask"),
    path("contribution/questions/<int:question_pk>/answer/", views.question_answer,
         name="contribution_question_answer"),
    path("contribution/<int:pk>/decision/", views.decide, name="contribution_decide"),
    path("contribution/<int:pk>/presumption/", views.presume, name="contribution_presume"),
]
