from django.forms.renderers import TemplatesSetting


class OsmariFormRenderer(TemplatesSetting):
    """Fields render with their errors tied to the input (aria-describedby), see forms/field.html."""

    field_template_name = "forms/field.html"
