"""The reporting token's operations (docs/api.md)."""
