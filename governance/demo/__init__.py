"""Demo governance, one module per concept: the structure (business units, bodies, seats, RACI,
maturity), their charters, and a year of meetings. `seed_demo` calls
`governance.demo.structure.seed` (which seeds the charters) and, after the other apps,
`governance.demo.meetings.seed`."""
