"""Concept tagging: hashed word features in, the concepts a snippet touches out."""
