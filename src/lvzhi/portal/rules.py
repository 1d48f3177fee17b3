"""Numbers of the public portal (SPEC section 8)."""

from __future__ import annotations

# Anonymous pages are cached for core.rules.PUBLIC_PAGE_CACHE_SECONDS (core.pagecache).
HOME_NEWS = 6  # news items on the home page (R54, Art 91: publicity of the deputies' work)
HOME_SUGGESTIONS = 5
DIRECTORY_PAGE_SIZE = 30
NEWS_PAGE_SIZE = 20
SITEMAP_LIMIT = 40000  # below the 50,000 URLs a sitemap file may hold
