"""Members, sessions and the station's hash-chained, signed audit log."""
