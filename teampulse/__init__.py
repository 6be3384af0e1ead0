"""TeamPulse: the command line and the admin API client, on top of pulse/ and analysis/."""
