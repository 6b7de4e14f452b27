"""The consultations app: consultations, their statements, participants and votes.

Split by concept (dependencies flow downwards):

- ``models``: the tables (Consultation, Theme, Statement, Participant, Invite, Vote, VoteEvent).
- ``texts``: normalisation, exact-duplicate keys and near-duplicate similarity of statement texts.
- ``errors``: the exceptions the write paths raise, each with an HTTP status.
- ``services``: every write path (cast a vote, submit a statement, seed, close...); views call these.
- ``identity``: which participant a request belongs to (cookie token, invite, external id).
- ``datasets``: import a :class:`assembly.dataset.Dataset` into a consultation, export one back.
- ``access``: the access level every view declares (public, participant, moderator, staff, admin) and
  the checks behind them; ``moderators``: who moderates a consultation, adding and removing one.
- ``forms``, ``views/``, ``urls/``, ``admin``: the HTML front end.

It builds on the accounts and ratelimit apps; the moderation, branding and results apps build on it,
and nothing here imports them (tests/test_architecture.py): they plug in through
the hand-overs in :mod:`~assembly.consultations.routing` and :mod:`~assembly.consultations.privacy`
(called from their ``AppConfig.ready``) and contribute their facilitator routes to the ``facilitate``
namespace themselves (assembly/config/urls.py).
"""
