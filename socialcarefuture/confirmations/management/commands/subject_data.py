import json

from django.core.management.base import BaseCommand, CommandError

from socialcarefuture.confirmations import subject_data
from socialcarefuture.confirmations.forms import EmailAddressField


class Command(BaseCommand):
    help = (
        "Answer a personal data request. 'export EMAIL' prints everything held about "
        "an address as JSON (or writes it to --output); 'erase EMAIL' deletes it all, "
        "after asking (--noinput to skip the question)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument("--output", help="Write the export to this file instead of the screen.")
        parser.add_argument("--noinput", "--no-input", action="store_true", help="Erase without asking.")

    def handle(self, *args, action, email, output=None, noinput=False, **options):
        try:
            email = EmailAddressField().clean(email)
        except Exception as error:  # noqa: BLE001 - a ValidationError, shown plainly
            raise CommandError(f"That is not an email address: {email!r}") from error
        if action == "export":
            data = json.dumps(subject_data.export(email), indent=2, ensure_ascii=False)
            if output:
                with open(output, "w", encoding="utf-8") as file:
                    file.write(data + "\n")
                self.stdout.write(f"Wrote {output}")
            else:
                self.stdout.write(data)
            return
        held = subject_data.summary(email)
        if not held:
            self.stdout.write("Nothing is held about that address.")
            return
        self.stdout.write("Held about that address: " + ", ".join(f"{label}: {n}" for label, n in held))
        if not noinput:
            answer = input("Type 'erase' to delete all of it for good: ")
            if answer.strip().lower() != "erase":
                raise CommandError("Nothing was erased.")
        subject_data.erase(email)
        self.stdout.write(self.style.SUCCESS("Erased."))
