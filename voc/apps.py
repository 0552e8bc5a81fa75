from django.apps import AppConfig


class VocConfig(AppConfig):
    name = "voc"
    verbose_name = "Voice of the customer"
