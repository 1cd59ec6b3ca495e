"""Procurement and framework pages, one module each."""
