"""The annex workbooks (.xlsx) and the committee report (.pdf) of an obligation file."""

from django.urls import path

from montage.web.exchange import views

urlpatterns = [
    path("obligations/<int:pk>/documents/", views.documents, name="exchange_documents"),
    path("obligations/<int:pk>/documents/formulaire-ca.xlsx", views.formulaire_ca,
         name="exchange_formulaire_ca"),
    path("obligations/<int:pk>/documents/recapitulatif-invest.xlsx", views.recap_invest,
         name="exchange_recap_invest"),
    path("obligations/<int:pk>/documents/liste-preuves-invest.xlsx", views.preuves_invest,
         name="exchange_preuves_invest"),
    path("obligations/<int:pk>/documents/rapport-comite.pdf", views.committee_pdf,
         name="exchange_committee_pdf"),
]
