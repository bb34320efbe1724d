from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "osmari.demo"
    label = "demo"
    verbose_name = "Demo data"
