from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import News


class NewsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    summary = forms.CharField(
        label=_("Short summary"),
        max_length=200,
        required=False,
        help_text=_("One or two sentences for the home page and search engines."),
    )
    body = forms.CharField(
        label=_("Text of the news item"), widget=forms.Textarea(attrs={"rows": 14})
    )
    is_published = forms.BooleanField(label=_("Published on the portal"), required=False)
    published_on = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Left empty, publishing uses today."),
    )

    @classmethod
    def of(cls, news: News) -> NewsForm:
        return cls(
            initial={
                "title": news.title,
                "summary": news.summary,
                "body": news.body,
                "is_published": news.is_published,
                "published_on": news.published_on,
            }
        )


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Name or pinyin"), max_length=32, required=False)
    level = forms.ChoiceField(label=_("Congress level"), required=False)
    division = forms.ChoiceField(label=_("County or city"), required=False)
    delegation = forms.TypedChoiceField(
        label=_("Delegation"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        data: object,
        levels: list[tuple[str, str]],
        counties: list[tuple[str, str]],
        delegations: list[tuple[int, str]],
    ) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        everything = [("", _("All"))]
        self.fields["level"].choices = everything + levels  # type: ignore[attr-defined]
        self.fields["division"].choices = everything + counties  # type: ignore[attr-defined]
        self.fields["delegation"].choices = everything + delegations  # type: ignore[attr-defined]
