"""Lexicons kept as data: weapons, cue phrases, places and claimants (YAML beside this file)."""
