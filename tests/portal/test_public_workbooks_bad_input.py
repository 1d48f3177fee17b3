"""Bad input to the public lists' downloads (issue 22.7, the stored workbooks of
core.publicfiles): NULs, oversized and malformed filters, odd pages are answered, never 500."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URLS = ["/deputies/", "/suggestions/public/", "/proposals/public/"]
QUERIES = [
    "format=xlsx&q=%00",
    "format=xlsx&q=" + "长" * 3000,
    "format=xlsx&level=bogus",
    "format=xlsx&county=%FF%FE",
    "format=xlsx&page=-1",
    "format=xlsx&whole=1&q=a",
    "format=csv&q=%00",
    "format=xlsx&division=99999999999999999999999",
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("query", QUERIES)
def test_a_public_list_download_with_bad_filters_is_answered_not_500(url: str, query: str) -> None:
    r = Client().get(f"{url}?{query}")
    assert r.status_code < 500, (url, query, r.status_code)
