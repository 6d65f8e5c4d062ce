"""The legal parameters (docs/web-parameters.md): the CSA and the CCA read, the CCA enters."""

from django.urls import path

from montage.web.parameters import views

urlpatterns = [
    path("parameters/", views.parameter_list, name="parameters_list"),
    path("parameters/<str:name>/", views.parameter_detail, name="parameters_detail"),
    path("parameters/<str:name>/enter/", views.parameter_enter, name="parameters_enter"),
]
