"""Scopes, expiry and service accounts for API tokens (issue 25.2).

Tokens made before this migration carried every right of their owner and never expired. They
keep what they could actually do then — every read, and the writes v1 had (drafting, co-signing
and evaluating suggestions; the caller's notification channels): ``rules.MIGRATED_SCOPES`` —
and expire ``rules.MIGRATED_TOKEN_DAYS`` (90) days after the migration runs (or a day after
they were made, for one made in the future by a skewed clock), so each owner renews them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MIGRATED_TOKEN_DAYS = 90  # rules.MIGRATED_TOKEN_DAYS at the time of writing (frozen here)
CAPABILITIES = (
    "registry",
    "suggestions",
    "proposals",
    "meetings",
    "voting",
    "contacts",
    "stations",
    "records",
    "compliance",
    "activities",
    "account",
)
MIGRATED_SCOPES = [*(f"{c}:read" for c in CAPABILITIES), "suggestions:write", "account:write"]


def scope_existing_tokens(apps, schema_editor):
    import datetime as dt

    from django.utils import timezone

    ApiToken = apps.get_model("api", "ApiToken")
    expires = timezone.now() + dt.timedelta(days=MIGRATED_TOKEN_DAYS)
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.scopes = MIGRATED_SCOPES
        token.expires_at = max(expires, token.created_at + dt.timedelta(days=1))
        token.save(update_fields=["scopes", "expires_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("registry", "0002_names_in_uyghur_and_kazakh"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="kind",
            field=models.CharField(
                choices=[("personal", "Personal"), ("service", "Service account")],
                default="personal",
                max_length=16,
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="revoked by",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scopes",
            field=models.JSONField(default=list, verbose_name="scopes"),
        ),
        migrations.CreateModel(
            name="ServiceAccount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=64, verbose_name="system name")),
                ("role", models.CharField(max_length=32, verbose_name="role")),
                ("created_at", models.DateTimeField(verbose_name="created at")),
                (
                    "deactivated_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="deactivated at"),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="made by",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="service_accounts",
                        to="registry.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="service_account",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="account",
                    ),
                ),
            ],
            options={
                "verbose_name": "service account",
                "verbose_name_plural": "service accounts",
                "ordering": ["organisation_id", "name", "id"],
            },
        ),
        migrations.AddField(
            model_name="apitoken",
            name="service_account",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="tokens",
                to="api.serviceaccount",
                verbose_name="service account",
            ),
        ),
        migrations.RunPython(scope_existing_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires at"),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(("expires_at__gt", models.F("created_at"))),
                name="api_token_expires_after_creation",
            ),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "personal"), ("service_account__isnull", True)),
                    models.Q(("kind", "service"), ("service_account__isnull", False)),
                    _connector="OR",
                ),
                name="api_token_service_kind_has_account",
            ),
        ),
        migrations.AddConstraint(
            model_name="serviceaccount",
            constraint=models.CheckConstraint(
                condition=models.Q(("name", ""), _negated=True), name="api_service_account_named"
            ),
        ),
    ]
