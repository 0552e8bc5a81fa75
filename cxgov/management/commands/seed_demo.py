"""Load a demo organization to explore: users for every role and data in every app.

Safe to run again: it adds what is missing and leaves what is there.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from cxgov.demo import DEMO_PASSWORD, DEMO_USERS, seed_users
from cxgov.program.demo import seed as seed_packs
from governance.demo.meetings import seed as seed_meetings
from governance.demo.structure import seed as seed_governance
from portfolio.demo import seed as seed_portfolio
from voc.demo import kpi_minutes, mark_alerts_for_meetings
from voc.demo import seed as seed_voc


class Command(BaseCommand):
    help = "Load demo data: users for every role (password 'demo-password') and an organization."

    @transaction.atomic
    def handle(self, *args, **options):
        people = seed_users()
        created = seed_governance(people=people)
        voc_created = seed_voc(people=people)
        portfolio_created = seed_portfolio(people=people)
        # The meetings' KPI minutes quote the demo's own figures (governance reads no VoC).
        seed_meetings(people=people, kpi_minutes=kpi_minutes())
        # Alerts were raised before the meetings existed: mark them for the steering
        # committee's meetings now.
        mark_alerts_for_meetings()
        packs_created = seed_packs(people=people)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready"
                + (" (governance created)." if created else " (already there, left as is).")
                + (
                    " Voice of the customer: 31,800 responses over 12 months."
                    if voc_created
                    else ""
                )
            )
        )
        if portfolio_created:
            self.stdout.write("Portfolio: 40 demo initiatives created.")
        if packs_created:
            self.stdout.write(
                "KPI packs: the last steering meeting's frozen; "
                "the next one's reads live until it opens."
            )
        names = ", ".join(username for username, *_ in DEMO_USERS)
        self.stdout.write(f"Logins: {names}; password: {DEMO_PASSWORD}")
