"""The verbs of care: people, packages, reviews, brokerage and short-break
hour use. Each is one transaction and refuses what the rules forbid with a
ValidationError an officer can act on."""
