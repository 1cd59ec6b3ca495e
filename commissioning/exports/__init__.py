"""Exports: CSV and Excel of every list page, the Local Government
Transparency Code contracts register, and the OCDS 1.1 release package.

Every export streams: rows are read from the database in chunks
(``QuerySet.iterator(chunk_size=...)``) and written out as they come, so a
whole county's data never sits in memory at once.
"""
