"""Qt widgets and windows of the review station. The only place (with ``takedown.ui``)
that imports PySide6."""
