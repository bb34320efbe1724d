"""The system token's operations (docs/api.md)."""
