"""The expert review: time-coded notes, the review form (Art. 7-10 of the Law "On
cinematography"), signed review reports and the commission summary. No Qt here; the
widgets are in ``screeningroom.ui.review_notes`` and ``screeningroom.ui.review_form``."""
