"""The moderation app: the queue of submitted statements, decisions, exclusions and their log.

- ``models``: :class:`ModerationLogEntry`, one row per action (who, when, before, after, reason).
- ``services``: every moderation action (accept, reject, return to queue, mark meta, exclude a
  participant, undo), each logged in the same transaction; the anonymised log export.
- ``forms``, ``views``, ``urls``: the moderator's pages.

Depends on ``assembly.consultations``; nothing there imports this app.
"""
