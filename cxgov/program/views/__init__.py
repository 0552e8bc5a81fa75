"""The program's pages, one module per concept: the role homes, the line of sight, the KPI pack."""
