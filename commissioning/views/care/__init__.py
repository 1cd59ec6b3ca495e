"""Pages for people and care packages."""
