from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "osmari.placements"
    label = "placements"
    verbose_name = _("Placements")

    def ready(self) -> None:
        from osmari.accounts.work import work_item_register
        from osmari.clients.consents import consent_withdrawn_register
        from osmari.clients.record_checks import record_check_register
        from osmari.clients.services import enrolment_date_check_register
        from osmari.core import audit_actions
        from osmari.placements import records_check, work
        from osmari.placements.proposal_services import proposals_without_consent_withdrawn

        for item in work.ITEMS:
            work_item_register(item)
        work_item_register(records_check.WORK_ITEM)
        enrolment_date_check_register("periods", records_check.enrolment_refusals)
        consent_withdrawn_register("proposals", proposals_without_consent_withdrawn)
        record_check_register("periods", records_check.explained_for)

        audit_actions.register(
            {
                "placement.absence": _("Recorded an absence from a period"),
                "placement.absence_reported": _(
                    "Recorded that an absence was reported in the national system"
                ),
                "placement.review_part": _("Recorded the host's part of a three-way review"),
                "placement.host_view": _("Recorded the host organisation's view of a period"),
                "client.view_host_list": _("Saw a participant on the host organisation's page"),
                "client.view_host_placement": _("Viewed a period as its host organisation"),
                "placement.proposal": _("Proposed a person to a host organisation's place"),
                "placement.proposal_withdraw": _("Withdrew a proposal to a host organisation"),
                "placement.proposal_answer": _("Answered a proposal as the host organisation"),
                "client.view_proposal": _("Opened the form to propose a person to a host"),
                "client.view_host_proposals": _(
                    "Saw a person on the host organisation's list of proposals"
                ),
                "client.view_host_proposal": _("Viewed a proposal as its host organisation"),
                "placement.plan_download": _("Downloaded a period's orientation plan"),
                "placement.plan_accepted": _("Accepted a period's orientation plan"),
                "placement.plan_change": _("Changed a period's orientation plan"),
                "placement.notice": _("Sent notices of news about a period"),
                "client.view_orientation_plan": _("Printed a period's orientation plan"),
            }
        )
