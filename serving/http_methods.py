"""Which HTTP methods reach a view, and HEAD without a body.

TRACE (and its cousins) would echo a request back: refused. OPTIONS is
answered here with the methods the site takes, without rendering a page
or a feed. HEAD runs the view as GET (Django does), then sends the headers
alone, with the length the body would have had.
"""

from django.http import HttpResponse, HttpResponseNotAllowed

ALLOWED = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class HttpMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED:
            return HttpResponseNotAllowed(["GET", "HEAD", "POST", "OPTIONS"])
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = "GET, HEAD, POST, OPTIONS"
            return response
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
