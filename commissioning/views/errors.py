"""Error pages in the service's design, never with a stack trace."""

from django.http import HttpResponseServerError
from django.shortcuts import render


def _page(request, status: int, title: str, message: str):
    # Rendered without the request context processors' database work so the
    # 500 page works even when the database is the problem.
    return render(
        request,
        "error.html",
        {"title": title, "message": message, "status": status},
        status=status,
    )


def bad_request(request, exception=None):
    return _page(
        request,
        400,
        "Sorry, there is a problem with the request",
        "Check the address or the form and try again.",
    )


def permission_denied(request, exception=None):
    return _page(
        request,
        403,
        "You do not have permission to see this page",
        "Your role does not give access to this page. "
        "If you need it for your work, ask your manager.",
    )


def page_not_found(request, exception=None):
    return _page(
        request,
        404,
        "Page not found",
        "If you typed the web address, check it is correct. "
        "If you pasted it, check you copied the whole address.",
    )


def server_error(request):
    title = "Sorry, there is a problem with the service"
    message = "Try again later. Nothing you entered has been saved half-way."
    try:
        return _page(request, 500, title, message)
    except Exception:  # noqa: BLE001 - the page must render even when the database is down
        return HttpResponseServerError(
            f"<!DOCTYPE html><html lang='en-GB'><title>{title}</title>"
            f"<h1>{title}</h1><p>{message}</p></html>"
        )
