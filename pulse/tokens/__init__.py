"""Codes and links: the single-use and shared ways in, for pulses and perspectives alike."""
