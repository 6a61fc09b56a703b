"""Content-Security-Policy and Permissions-Policy on every response Django sends.

Reader pages get `CONTENT_SECURITY_POLICY` (or its report-only twin): the site's own script
files, and an inline script only when it carries the nonce of its response (`nonce="{{
request.csp_nonce }}"`; the nonce is added to the header only on responses that use it). The
JSON-LD blocks are data, which browsers never run, so the policy does not apply to them.

Wagtail's admin writes inline scripts of its own (inline panels, date pickers), so paths under
/admin/ get `ADMIN_CONTENT_SECURITY_POLICY`, which allows them; it carries no nonce, since a
nonce would make browsers ignore `'unsafe-inline'`.

The headers are set before the response leaves Django, so Varnish or a CDN keeps them with the
page and a cached copy is sent with the policy (and nonce) it was drawn with.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse

PERMISSIONS_POLICY_HEADER = "Permissions-Policy"


def is_admin_path(path: str) -> bool:
    return path.startswith(reverse("wagtailadmin_home"))


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        in_force = bool(settings.CONTENT_SECURITY_POLICY_REPORTS_ONLY) == report_only
        if is_admin_path(request.path_info) and in_force and parts.config is None:
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
            parts.nonce = None
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY and PERMISSIONS_POLICY_HEADER not in response:
            response[PERMISSIONS_POLICY_HEADER] = settings.PERMISSIONS_POLICY
        return response
