"""The organisation token's operations (docs/api.md)."""
