from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEV_USERNAME = "admin"
DEV_PASSWORD = "g20-hub-dev-only"  # noqa: S105 - deliberately public, never used in production


class Command(BaseCommand):
    help = "Create (or reset) the local admin account for development and print its credentials. DEBUG only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_dev_admin only runs with DEBUG on (development settings).")
        user, created = get_user_model().objects.get_or_create(
            username=DEV_USERNAME, defaults={"email": "admin@localhost", "is_staff": True, "is_superuser": True}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(DEV_PASSWORD)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Local admin: http://127.0.0.1:8000/admin/  username: {DEV_USERNAME}  password: {DEV_PASSWORD}"
            )
        )
        if settings.MFA_ENFORCED:
            self.stdout.write("Second factor enforced (MFA_ENFORCED=1): you will set one up at first sign-in.")
        else:
            self.stdout.write(
                self.style.WARNING("Second factor not enforced in development: the password alone signs you in.")
            )
