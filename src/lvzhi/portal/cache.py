"""The portal's page cache: the shared anonymous page cache of core (core.pagecache)."""

from __future__ import annotations

from lvzhi.core.pagecache import GENERATION_KEY, generation, invalidate, public_page

__all__ = ["GENERATION_KEY", "generation", "invalidate", "public_page"]
