from django.apps import AppConfig


class ReablementConfig(AppConfig):
    name = "reablement"
    verbose_name = "Reablement"
