"""Views: ``participate`` (public pages) and ``facilitate`` (staff pages)."""
