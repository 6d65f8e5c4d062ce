"""The annex workbooks (.xlsx) and the committee report (.pdf) of an obligation file."""

from django.urls import path

from montage.web.annexes import views

urlpatterns = [
    path("obligations/<int:pk>/documents/", views.documents, name="annexes_documents"),
    path("obligations/<int:pk>/documents/formulaire-ca.xlsx", views.formulaire_ca,
         name="annexes_formulaire_ca"),
    path("obligations/<int:pk>/documents/recapitulatif-invest.xlsx", views.recap_invest,
         name="annexes_recap_invest"),
    path("obligations/<int:pk>/documents/liste-preuves-invest.xlsx", views.preuves_invest,
         name="annexes_preuves_invest"),
    path("obligations/<int:pk>/documents/rapport-comite.pdf", views.committee_pdf,
         name="annexes_committee_pdf"),
    path("obligations/<int:pk>/documents/prepare-rapport-comite.pdf", views.committee_pdf_job,
         name="annexes_committee_pdf_job"),
]
