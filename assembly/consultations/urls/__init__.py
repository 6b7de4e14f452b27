"""Two URL modules: ``participate`` (public pages) and ``facilitate`` (staff pages under /manage/)."""
