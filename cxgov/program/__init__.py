"""The pages that read across the apps: role homes, and (as they land) the steering committee's
KPI pack and line of sight. Apps never import this package; it imports them."""
