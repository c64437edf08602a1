"""`python -m briefing`: the same command as `briefing`, for where the script is not on PATH."""

from briefing.cli import main

main()
