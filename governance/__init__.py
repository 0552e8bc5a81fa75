"""Governance: business units, the governing bodies, their people, documents and meetings."""
