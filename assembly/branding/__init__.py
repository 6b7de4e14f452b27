"""Whose consultation this is: the site's name, logo, colours, welcome text, privacy notice and imprint
(set by superusers at /site/settings/), the per-consultation privacy overrides its moderators set, and
the share link and QR poster of a consultation."""
