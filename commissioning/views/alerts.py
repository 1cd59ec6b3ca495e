"""The alerts inbox, one alert with its acknowledgement, and a user's alert
preferences. Thin: selectors read, services write."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from commissioning.common.permissions import RolePermissionMixin
from commissioning.common.views import ListPageView
from commissioning.forms.alerts import (
    FOR_EVERYONE,
    AcknowledgeForm,
    AlertFilterSet,
    AlertPreferenceForm,
)
from commissioning.models import Alert, AlertKind, AlertPreference
from commissioning.selectors import alerts as selectors
from commissioning.services.alerts.actions import alert_acknowledge, alert_preference_update


class InboxView(ListPageView):
    permission_required = "commissioning.view_alert"
    filterset_class = AlertFilterSet
    template_name = "alerts/inbox.html"
    export_columns = [
        ("Kind", "get_kind_display"),
        ("About", "subject_label"),
        ("Alert", "message"),
        ("Due", "due_date"),
        ("When", "lead_label"),
        ("Raised on", "raised_on"),
        ("Emailed", "sent_at"),
        ("Escalated on", "escalated_on"),
        (
            "Acknowledged by",
            lambda alert: (
                alert.acknowledged_by
                and (alert.acknowledged_by.get_full_name() or alert.acknowledged_by.username)
            ),
        ),
        ("Acknowledged at", "acknowledged_at"),
        ("Note", "acknowledgement_note"),
    ]

    def get_queryset(self):
        return selectors.alerts(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            (alert, selectors.subject_url(alert)) for alert in context["object_list"]
        ]
        context["table_caption"] = self._caption(context)
        return context

    def _caption(self, context) -> str:
        """'3 open alerts for you', '1 acknowledged alert for everyone'."""
        count = context["paginator"].count if context["paginator"] else len(context["rows"])
        chosen = getattr(context["filter"].form, "cleaned_data", {})
        status = {"open": "open ", "acknowledged": "acknowledged "}.get(chosen.get("status"), "")
        kind = AlertKind(chosen["kind"]).label.lower() + " " if chosen.get("kind") else ""
        audience = "everyone" if chosen.get("audience") == FOR_EVERYONE else "you"
        return f"{count} {status}{kind}alert{'s' if count != 1 else ''} for {audience}"


class AlertDetailView(RolePermissionMixin, TemplateView):
    permission_required = "commissioning.view_alert"
    template_name = "alerts/detail.html"
    form: AcknowledgeForm | None = None

    def get_alert(self) -> Alert:
        try:
            return selectors.alert_detail(self.kwargs["pk"])
        except Alert.DoesNotExist as missing:
            raise Http404("No such alert") from missing

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        alert = self.get_alert()
        context.update(
            alert=alert,
            subject_url=selectors.subject_url(alert),
            deliveries=list(alert.deliveries.all()),
            form=self.form or AcknowledgeForm(),
            may_acknowledge=self.request.user.has_perm("commissioning.change_alert"),
            escalate_after_days=settings.ALERTS_ESCALATE_AFTER_DAYS,
        )
        return context


class AcknowledgeView(AlertDetailView):
    """POST only: the form is on the alert's page."""

    permission_required = ("commissioning.view_alert", "commissioning.change_alert")
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        alert = self.get_alert()
        self.form = AcknowledgeForm(request.POST)
        if self.form.is_valid():
            try:
                alert_acknowledge(
                    alert=alert, user=request.user, note=self.form.cleaned_data["note"]
                )
            except ValidationError as refusal:
                if hasattr(refusal, "error_dict"):
                    for field, errors in refusal.message_dict.items():
                        for error in errors:
                            self.form.add_error(field if field in self.form.fields else None, error)
                else:
                    for error in refusal.messages:
                        self.form.add_error(None, error)
            else:
                messages.success(request, f"Alert acknowledged: {alert.subject_label}.")
                return redirect(self.success_url())
        return self.render_to_response(self.get_context_data())

    def success_url(self) -> str:
        back = self.request.POST.get("next", "")
        inbox = reverse("alerts:inbox")
        return back if back.startswith(inbox) else inbox


class PreferencesView(RolePermissionMixin, FormView):
    permission_required = "commissioning.change_alertpreference"
    template_name = "alerts/preferences.html"
    form_class = AlertPreferenceForm

    def get_initial(self):
        preference = AlertPreference.objects.filter(user=self.request.user).first()
        if preference is None:
            return {"email_enabled": True}
        return {
            "email_enabled": preference.email_enabled,
            "contract_expiry_lead_months": preference.contract_expiry_lead_months,
            "extension_decision_lead_days": preference.extension_decision_lead_days,
        }

    def form_valid(self, form):
        try:
            alert_preference_update(user=self.request.user, **form.cleaned_data)
        except ValidationError as refusal:
            for field, errors in refusal.message_dict.items():
                for error in errors:
                    form.add_error(field, error)
            return self.form_invalid(form)
        messages.success(self.request, "Your alert preferences are saved.")
        return redirect("alerts:inbox")
