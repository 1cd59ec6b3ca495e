"""Pages of the core app that are not about one topic."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from commissioning import health


class HomeView(TemplateView):
    """ "Needs attention": what is due for the signed-in user."""

    template_name = "commissioning/home.html"


@login_not_required
@never_cache
@require_GET
def healthz(request):
    healthy, report = health.health()
    return JsonResponse(report, status=200 if healthy else 503)
