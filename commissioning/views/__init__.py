"""Pages of the core app that are not about one topic."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from commissioning import health
from commissioning.selectors.alerts import open_alerts_for, subject_url


class HomeView(TemplateView):
    """ "Needs attention": what is due for the signed-in user."""

    template_name = "commissioning/home.html"
    attention_limit = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.has_perm("commissioning.view_alert"):
            alerts = list(open_alerts_for(user)[: self.attention_limit + 1])
            context["attention"] = [
                (alert, subject_url(alert)) for alert in alerts[: self.attention_limit]
            ]
            context["attention_more"] = len(alerts) > self.attention_limit
        return context


@login_not_required
@never_cache
@require_GET
def healthz(request):
    healthy, report = health.health()
    return JsonResponse(report, status=200 if healthy else 503)
