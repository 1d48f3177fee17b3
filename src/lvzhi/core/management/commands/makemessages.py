"""makemessages without fuzzy matching: a guessed translation carried over from a similar
message would show wrong Chinese in the UI until someone noticed."""

from django.core.management.commands.makemessages import Command as BaseCommand


class Command(BaseCommand):
    msgmerge_options = ["-q", "--backup=none", "--update", "--no-fuzzy-matching"]
