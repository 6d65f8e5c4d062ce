"""Step 2 (vade-mecum "Deuxième étape"): docs/web-step2.md lists who may open each page."""

from django.urls import path

from montage.web.step2 import views

urlpatterns = [
    path("step2/", views.index, name="step2_index"),
    path("step2/files/<int:pk>/", views.register, name="step2_register"),
    path("step2/files/<int:pk>/investments/new/", views.investment_new,
         name="step2_investment_new"),
    path("step2/files/<int:pk>/committee/", views.committee, name="step2_committee"),
    path("step2/editors/<int:editor>/smoothing/", views.smoothing, name="step2_smoothing"),
    path("step2/editors/<int:editor>/payments/", views.payments, name="step2_payments"),
    path("step2/editors/<int:editor>/payments/new/", views.payment_create,
         name="step2_payment_create"),
    path("step2/payments/<int:pk>/", views.payment_update, name="step2_payment_update"),
    path("step2/investments/<int:pk>/", views.investment_detail, name="step2_investment"),
    path("step2/investments/<int:pk>/edit/", views.investment_edit,
         name="step2_investment_edit"),
    path("step2/investments/<int:pk>/decide/", views.investment_decide,
         name="step2_investment_decide"),
    path("step2/investments/<int:pk>/status/", views.investment_status,
         name="step2_investment_status"),
    path("step2/investments/<int:pk>/documents/", views.document_upload,
         name="step2_document_upload"),
    path("step2/investments/<int:pk>/spillover/", views.spillover, name="step2_spillover"),
    path("step2/spillover/<int:pk>/missing/", views.spillover_missing,
         name="step2_spillover_missing"),
    path("step2/documents/<int:pk>/", views.document, name="step2_document"),
    path("step2/producers/<int:company>/independence/", views.independence,
         name="step2_independence"),
]
