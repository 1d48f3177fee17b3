"""The Popolo export as a stored document (issue 26.4): built once per version of the data by
``core.prebuilt`` — in the background after a change — and served from its file. The content
is ``opendata.popolo()``'s, unchanged; this module only turns it into the bytes the endpoint
answered with (the response schema's fields, ninja's JSON encoder) and names the file."""

from __future__ import annotations

import json

from ninja.responses import NinjaJSONEncoder

from lvzhi.core import prebuilt

from . import opendata
from .schemas import PopoloExport

POPOLO = prebuilt.Document(
    name="popolo",
    builder="lvzhi.api.opendata_files.popolo_bytes",
    content_type="application/json; charset=utf-8",
)


def popolo_bytes() -> bytes:
    """The export's JSON, as the endpoint's schema and renderer make it."""
    data = PopoloExport.model_validate(opendata.popolo()).model_dump()
    return json.dumps(data, cls=NinjaJSONEncoder).encode()
