"""briefing: China AI talent benchmark briefings (PDF) and cost models (Excel) for one client at a time."""

__version__ = "0.1.0"
