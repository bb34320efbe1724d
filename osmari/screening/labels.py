"""Interface words for the screening results (the engine's own texts are in explanations.py)."""

from django.utils.translation import gettext_lazy as _

INDICATION_LEVELS = {
    "strong": _("Would likely benefit from guided, participatory employment"),
    "some": _("Might benefit from guided, participatory employment"),
    "low": _("Other services may suit better for now"),
    "unknown": _("Make a needs assessment to see an indication"),
}

INDICATION_REASONS = {
    "long_term_unemployed": _("Long-term unemployed (12 months or more without a break)"),
    "comparable_long_term_unemployed": _("Unemployed 12 of the last 16 months"),
    "unemployed_6_of_16": _("Unemployed at least 6 of the last 16 months"),
    "no_assessment": _("No needs assessment yet"),
    "needs_support_experience": _("Little recent work experience"),
    "needs_support_skills": _("Skills or education need strengthening"),
    "needs_support_social_support": _("Little social support"),
    "needs_support_life_management": _("Life management needs support"),
    "motivated": _("Motivated and has goals"),
    "motivation_first": _("Motivation and goals need work first"),
    "work_ability_first": _("Work ability should be clarified first"),
    "practical_barriers": _("Practical barriers to solve (transport, childcare, language)"),
}

WORKLIST_REASONS = {
    "ltu_reached": _("Long-term unemployment reached"),
    "ltu_soon": _("Long-term unemployment within 60 days"),
    "inactive": _("No service recorded recently"),
    "age_change_soon": _("Turns 50 or 55 within 60 days: pay-subsidy options change"),
    "overdue": _("A plan step is overdue"),
    "period_ending": _("A period ends within two weeks and no next period is planned"),
    "waiting": _("Waiting for a proposal: assessed or in service for over 30 days, none recorded"),
    "long_inactive": _("No service recorded for twice the area's limit"),
    "esf_gap": _("ESF+ data not yet entered in EURA 2021"),
}
