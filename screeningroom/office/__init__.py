"""The review office's central registry: the service stations push to, and its clients."""
