"""PDF jobs become background files of every kind (issue 22.7): the table is renamed and gains
the rows done of the total, the content type, the PDF beside a Word document and an expiry for
files that hold secrets. Existing jobs keep their PDFs."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0015_cache_fallback_table"),
    ]

    operations = [
        migrations.RenameModel("PdfJob", "FileJob"),
        migrations.AddField("filejob", "done", models.PositiveIntegerField(default=0)),
        migrations.AddField("filejob", "total", models.PositiveIntegerField(default=0)),
        migrations.AddField(
            "filejob",
            "content_type",
            models.CharField(blank=True, default="application/pdf", max_length=100),
        ),
        migrations.AddField("filejob", "pdf_file", models.FileField(blank=True, upload_to="jobs/")),
        migrations.AddField("filejob", "expires_at", models.DateTimeField(blank=True, null=True)),
        migrations.AlterField("filejob", "file", models.FileField(blank=True, upload_to="jobs/")),
    ]
