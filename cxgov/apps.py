from django.apps import AppConfig


class CxgovConfig(AppConfig):
    name = "cxgov"
    verbose_name = "cxgov"
