"""The multi-user web application (Django): one site for the editor, CSA, CCA, producer and fund desks.

`montage.web.settings` is the Django settings module; `montage.web.core` holds the data model;
`montage.web.permissions` decides who sees what; `montage.web.cli` adds `montage serve`.
"""
