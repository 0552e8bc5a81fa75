"""Voice of the customer: metrics, responses, KPI targets and rollups."""
