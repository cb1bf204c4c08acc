"""Foundation shared by every stage: the record model, settings and errors."""
