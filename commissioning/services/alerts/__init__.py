"""Alerts and the daily scheduled checks (issue 7).

- ``checks``: the daily run (``run_scheduled_checks``) and its first step,
  ``lapse_overdue_options``;
- ``dues``: what is due, one finder per alert kind;
- ``audience``: who is told, at which lead times;
- ``email``: the daily digest and its sending;
- ``actions``: acknowledging alerts, users' alert preferences.
"""
