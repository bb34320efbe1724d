"""The orientation plan's state on the period's pages, for the coach and the host alike."""

from django import template

from osmari.placements.orientation import PlanStatus, plan_status

register = template.Library()


@register.simple_tag
def orientation_plan_status(placement) -> PlanStatus:
    return plan_status(placement)
