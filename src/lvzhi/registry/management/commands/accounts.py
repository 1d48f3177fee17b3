"""`lvzhi accounts invite --organisation ID [--letters FILE.docx] [--sms]` and
`lvzhi accounts status --organisation ID`: deputies' accounts in bulk for operators (issue 21).

The command acts for an account (``--user``, default: the first active superuser), whose scope
is checked like on the page, and whose name the audit log records."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from lvzhi.core.errors import DomainError
from lvzhi.core.models import User
from lvzhi.registry import services
from lvzhi.registry.models import AccountState, Organisation


def _bar(done: int, total: int) -> None:
    filled = int(30 * done / total) if total else 30
    sys.stdout.write(f"\r  邀请 [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
    if done >= total:
        sys.stdout.write("\n")
    sys.stdout.flush()


class Command(BaseCommand):
    help = "Invite an organisation's deputies (codes, letters, SMS) or show their account states."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["invite", "status"])
        parser.add_argument("--organisation", type=int, required=True, help="organisation id")
        parser.add_argument("--letters", type=Path, help="write the activation letters (.docx)")
        parser.add_argument("--sms", action="store_true", help="send each code by SMS")
        parser.add_argument("--user", help="account the work is done for (default: a superuser)")
        parser.add_argument(
            "--url", help="activation address printed in the letters (default LVZHI_SITE_URL)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(pk=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with id {options['organisation']}.")
        if options["action"] == "status":
            counts = services.account_status_counts(organisation)
            self.stdout.write(organisation.name)
            for state, count in counts.items():
                self.stdout.write(f"  {AccountState(state).label}\t{count}")
            return
        actor = self._actor(options.get("user"))
        letters: Path | None = options.get("letters")
        if letters is None and not options["sms"]:
            raise CommandError("Give --letters FILE.docx, --sms or both.")
        url = (options.get("url") or settings.NOTIFY_SITE_URL).rstrip("/")
        if letters is not None and not url:
            raise CommandError("Give --url or set LVZHI_SITE_URL: the letters print the address.")
        try:
            invitations = services.accounts_invite(
                actor=actor, organisation=organisation, sms=options["sms"], progress=_bar
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if letters is not None and invitations:
            from django.utils.translation import gettext as _

            from lvzhi.registry.letters import activation_letters_docx, letter_for

            address = url + reverse("core:activate")
            docx = activation_letters_docx(
                [letter_for(i, address) for i in invitations],
                title=_("Activation letter"),
                organ=organisation.name,
            )
            letters.write_bytes(docx)
            letters.chmod(0o600)  # the codes are in it: for the operator's eyes only
            self.stdout.write(f"Letters: {letters}")
            self._pdf(docx, letters.with_suffix(".pdf"))
        sent = sum(1 for i in invitations if i.sms_sent)
        self.stdout.write(
            self.style.SUCCESS(f"{len(invitations)} deputies invited, {sent} codes sent by SMS.")
        )

    def _pdf(self, docx: bytes, target: Path) -> None:
        """The same letters as a PDF ready to print (issue 21), beside the .docx, made here
        and now: the codes exist only in this run (they are stored hashed)."""
        from lvzhi.core import pdf

        if pdf.converter() is None:
            self.stdout.write("No PDF: LibreOffice is not installed (docs/deployment.md).")
            return
        self.stdout.write("Making the PDF …")
        target.write_bytes(pdf.docx_to_pdf(docx))
        target.chmod(0o600)
        self.stdout.write(f"Letters (PDF): {target}")

    def _actor(self, username: str | None) -> User:
        qs = User.objects.filter(is_active=True)
        from lvzhi.registry.models import Role

        if username:
            user = qs.filter(username=username).first()
        else:
            user = (
                qs.filter(is_superuser=True).order_by("pk").first()
                or qs.filter(role_assignments__role=Role.ADMIN).order_by("pk").first()
            )
        if user is None:
            raise CommandError("No such active account; give --user NAME.")
        return user
