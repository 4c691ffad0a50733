"""Process wiring and channel bridges (the public entry points)."""
