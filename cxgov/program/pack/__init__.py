"""The steering committee's KPI pack: its sections, the stored document, and the page."""
