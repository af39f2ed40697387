"""An organisation's administrator: staff accounts, their roles, deactivation (/ansatte)."""
