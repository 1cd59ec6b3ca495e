from django.core.management.base import BaseCommand

from commissioning.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent): users for each role and the council's registers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give the demo users new development passwords and print them.",
        )

    def handle(self, *args, reset_passwords: bool = False, **options):
        load_demo(out=self.stdout, reset_passwords=reset_passwords)
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
