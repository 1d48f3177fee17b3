"""``{% csrf_token %}`` that also stamps the form with a one-time submission key.

Registered as a template builtin after Django's own, so every POST form of every app carries the
key without touching its template; ``core.middleware.IdempotentSubmissionMiddleware`` uses it
so that a retried or double-clicked submission creates nothing twice (issue 11)."""

from __future__ import annotations

import uuid
from typing import Any

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html
from django.utils.safestring import SafeString

from lvzhi.core.rules import SUBMISSION_KEY_FIELD

register = template.Library()


class CsrfAndSubmissionKeyNode(template.Node):
    def render(self, context: Any) -> SafeString:
        csrf = CsrfTokenNode().render(context)
        return format_html(
            '{}<input type="hidden" name="{}" value="{}">',
            csrf,
            SUBMISSION_KEY_FIELD,
            uuid.uuid4().hex,
        )


@register.tag
def csrf_token(parser: Any, token: Any) -> template.Node:
    return CsrfAndSubmissionKeyNode()
