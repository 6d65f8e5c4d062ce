"""Step 2 (vade-mecum "Deuxième étape"): docs/web-investments.md lists who may open each page."""

from django.urls import path

from montage.web.investments import link_views, views

urlpatterns = [
    path("investments/", views.index, name="investments_index"),
    path("investments/files/<int:pk>/", views.register, name="investments_register"),
    path("investments/files/<int:pk>/investments/new/", views.investment_new,
         name="investments_investment_new"),
    path("investments/files/<int:pk>/present/", views.file_investments,
         name="investments_file_investments"),
    path("investments/files/<int:pk>/committee/", views.committee, name="investments_committee"),
    path("investments/editors/<int:editor>/smoothing/", views.smoothing, name="investments_smoothing"),
    path("investments/editors/<int:editor>/payments/", views.payments, name="investments_payments"),
    path("investments/editors/<int:editor>/payments/new/", views.payment_create,
         name="investments_payment_create"),
    path("investments/payments/<int:pk>/", views.payment_update, name="investments_payment_update"),
    path("investments/investments/<int:pk>/", views.investment_detail, name="investments_investment"),
    path("investments/investments/<int:pk>/edit/", views.investment_edit,
         name="investments_investment_edit"),
    path("investments/investments/<int:pk>/decide/", views.investment_decide,
         name="investments_investment_decide"),
    path("investments/investments/<int:pk>/status/", views.investment_status,
         name="investments_investment_status"),
    path("investments/investments/<int:pk>/documents/", views.document_upload,
         name="investments_document_upload"),
    path("investments/investments/<int:pk>/spillover/", views.spillover, name="investments_spillover"),
    path("investments/spillover/<int:pk>/missing/", views.spillover_missing,
         name="investments_spillover_missing"),
    path("investments/documents/<int:pk>/", views.document, name="investments_document"),
    path("investments/producers/<int:company>/independence/", views.independence,
         name="investments_independence"),
    # the investment as the producer's source; the proof list shared from its ledger
    path("investments/investments/<int:pk>/link/", link_views.investment_link,
         name="investments_investment_link"),
    path("investments/proof-lists/<int:pk>/", link_views.proof_list,
         name="investments_proof_list"),
    path("investments/proof-lists/<int:pk>/liste-preuves-invest.xlsx",
         link_views.proof_list_xlsx, name="investments_proof_list_xlsx"),
]
