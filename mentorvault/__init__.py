"""mentorvault: a companion and linter for Obsidian vaults of mentorship goals."""

__version__ = "0.1.0"
