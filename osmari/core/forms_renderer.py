from django.forms.renderers import TemplatesSetting


class OsmariFormRenderer(TemplatesSetting):
    """Fields render with help and errors beside the input; see templates/forms/field.html."""

    field_template_name = "forms/field.html"
