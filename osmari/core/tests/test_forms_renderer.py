"""Fields render through templates/forms/field.html: help text is text, never markup."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.safestring import mark_safe

HOSTILE = '<script>alert("x")</script>'


class _Form(forms.Form):
    name = forms.CharField(help_text=HOSTILE)


def test_a_help_text_with_markup_is_shown_escaped():
    html = str(_Form()["name"].as_field_group())
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'class="field__help"' in html


def test_a_help_text_the_code_marks_safe_keeps_its_markup():
    # Django's password rules come as a list built with format_html.
    form = SetPasswordForm(user=None)
    html = str(form["new_password1"].as_field_group())
    assert "<ul><li>" in html

    class Marked(forms.Form):
        name = forms.CharField(help_text=mark_safe("<em>Required</em>"))

    assert "<em>Required</em>" in str(Marked()["name"].as_field_group())
