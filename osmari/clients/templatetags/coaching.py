"""The client page's client-work section reads its numbers here, so that the section can be
included in the page without the page's view knowing of it. The client is already fetched
for the user (and the page's read audited) by the page's view."""

from django import template

from osmari.clients.coaching_selectors import client_work as client_work_of

register = template.Library()


@register.simple_tag
def client_work(client):
    return client_work_of(client)
