"""Reads of people, care packages, reviews, brokerage and short-break hour
banks, shared by pages, the API, alerts, dashboards and reports."""
