"""The takedown desk: which film a pirated clip is, which session leaked it, the evidence,
and blocking notices in Kazakh, Russian and English."""
