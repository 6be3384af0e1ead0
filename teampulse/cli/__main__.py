"""`python -m teampulse.cli`: the same command as the installed `teampulse`."""

from teampulse.cli import main

main(prog_name="teampulse")
