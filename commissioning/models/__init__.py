"""Models of the core app, one module per topic."""

from commissioning.models.access import Capability, RecordView

__all__ = ["Capability", "RecordView"]
