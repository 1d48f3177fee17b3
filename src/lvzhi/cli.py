"""The `lvzhi` console command for operators: a thin wrapper over management commands.

lvzhi demo                 migrate, seed the prefecture once, print accounts, serve
lvzhi seed --scale small   fill an empty database
lvzhi serve                web server + background worker on 127.0.0.1:8000
lvzhi import_deputies …    import a deputy spreadsheet from the command line
lvzhi accounts invite --organisation ID [--letters F.docx] [--sms]   deputies' accounts
lvzhi <any manage.py command>
"""

from __future__ import annotations

import os
import sys


def _banner() -> None:
    from lvzhi.core.models import User
    from lvzhi.registry.demo.seed import DEMO_PASSWORD, PERSONAS, demo_colleagues

    usernames = [p[0] for p in PERSONAS] + ["deputy", "groupleader"]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    from lvzhi.registry.models import Role
    from lvzhi.registry.policies import roles_of

    print("\n" + "=" * 72)
    print("  履职 lvzhi demo:  http://127.0.0.1:8000/")
    print(f"  Demo accounts (password for all: {DEMO_PASSWORD})")
    for name in usernames:
        user = users.get(name)
        if user is None:
            continue
        roles = "、".join(str(Role(r).label) for r in sorted(roles_of(user)))
        print(f"    {name:<12} {roles} — {user.display_name}")
    colleagues = demo_colleagues()
    if colleagues:
        print("  Fellow deputies of the same term, to co-sign (same password):")
        print("    " + " ".join(colleagues))
    print("=" * 72 + "\n", flush=True)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    import django
    from django.core.management import call_command, execute_from_command_line

    if args[:1] == ["demo"]:
        # The demo conveniences (built-in keys, plain HTTP cookies, the seeder): settings.py.
        os.environ.setdefault("LVZHI_ENV", "demo")
        django.setup()
        call_command("migrate", verbosity=0)
        print("Database ready (SQLite, WAL mode, under var/).")
        call_command("seed", scale="prefecture", if_empty=True)
        call_command("collectstatic", interactive=False, verbosity=0)
        _banner()
        call_command("serve")
        return
    execute_from_command_line(["lvzhi", *args])


if __name__ == "__main__":
    main()
