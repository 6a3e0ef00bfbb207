"""Qt widgets of the takedown desk."""
