import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Make sure an admin account exists for a local preview, and say how to log in. "
        "Uses DJANGO_SUPERUSER_USERNAME / DJANGO_SUPERUSER_PASSWORD if set; otherwise "
        "creates 'admin' with a random password kept in .admin-password (not committed)."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        password_file = Path(settings.BASE_DIR) / ".admin-password"
        login_url = f"{settings.SITE_URL}/admin/"

        if User.objects.filter(username=username).exists():
            if password_file.exists() and "DJANGO_SUPERUSER_PASSWORD" not in os.environ:
                hint = f"password: {password_file.read_text().strip()} (from .admin-password)"
            else:
                hint = "with the password you set"
            self.stdout.write(f"Log in at {login_url} as '{username}' {hint}.")
            return

        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not password:
            password = secrets.token_urlsafe(12)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        User.objects.create_superuser(
            username=username,
            email=os.environ.get("DJANGO_SUPERUSER_EMAIL", "admin@example.org"),
            password=password,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created an admin account. Log in at {login_url} as '{username}', password: {password}"
            )
        )
