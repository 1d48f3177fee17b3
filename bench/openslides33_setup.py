"""Run by OpenSlides 3.3's own interpreter (Python 3.8, ``.venv-openslides``), not by lvzhi's:
``bench/openslides33.py`` calls it with ``DJANGO_SETTINGS_MODULE`` and ``PYTHONPATH`` naming
the settings it wrote. It migrates the (empty) database, which creates OpenSlides' own groups,
the ``admin`` account and the motion workflows, and adds the voters: ``voter0001`` … with one
password, present, in the Delegates group. Prints one JSON line for the driver.

    .venv-openslides/bin/python bench/openslides33_setup.py 1000 <password>

The code stays Python 3.8 (it runs there); only the standard library and OpenSlides' own
packages are imported.
"""

import json
import sys


def main() -> None:
    voters, password = int(sys.argv[1]), sys.argv[2]
    import django
    from openslides.utils.main import setup_django_settings_module

    setup_django_settings_module()
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from openslides.users.models import Group, User

    call_command("migrate", verbosity=0)
    delegates = Group.objects.get(name="Delegates")
    digest = make_password(password)  # one hash for every voter: the settings' hasher
    User.objects.bulk_create(
        [
            User(
                username=f"voter{i:04d}",
                first_name="Voter",
                last_name=f"{i:04d}",
                password=digest,
                is_present=True,
                is_active=True,
            )
            for i in range(1, voters + 1)
        ],
        batch_size=500,
    )
    ids = list(User.objects.filter(username__startswith="voter").values_list("pk", flat=True))
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=pk, group_id=delegates.pk) for pk in ids], batch_size=500
    )
    print(json.dumps({"delegates": delegates.pk, "voters": len(ids)}))


if __name__ == "__main__":
    main()
