from django import forms
from django.utils.translation import gettext_lazy

DOCUMENTS = (("formulaire_ca", "Formulaire CA"), ("recap_invest", "Récapitulatif Invest"),
             ("preuves_invest", "Liste Preuves Invest"))


class ImportForm(forms.Form):
    """One workbook to import into the obligation file; nothing else is read from the form."""

    document = forms.ChoiceField(label=gettext_lazy("Document"), choices=DOCUMENTS)
    file = forms.FileField(label=gettext_lazy("Workbook (.xlsx)"))
