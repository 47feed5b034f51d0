"""Spoken answers, offline: speech to text with faster-whisper and a Whisper model shipped in
a PyPI package, and delivery feedback (pace, fillers, pauses, length) from word timings."""
