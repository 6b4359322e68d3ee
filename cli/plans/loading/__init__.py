"""Loading layer: files → one validated, typed, in-memory model with positions."""
