"""The data: inspections, people, figures; loading and validation."""

from minutes_gen.model.inspection import Inspection
from minutes_gen.model.loading import load_inspection

__all__ = ["Inspection", "load_inspection"]
