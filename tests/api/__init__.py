"""The admin API of `teampulse serve` and the command line that uses it."""
