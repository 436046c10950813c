"""Thai-specific text handling: digits, normalisation, dates, glyph repair."""
