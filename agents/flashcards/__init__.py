"""Flashcards: cards from the bank, the notes and missed points, scheduled by FSRS."""
