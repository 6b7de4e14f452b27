"""The consultations app: consultations, their statements, participants and votes.

Split by concept (dependencies flow downwards):

- ``models``: the tables (Consultation, Theme, Statement, Participant, Invite, Vote, VoteEvent).
- ``texts``: normalisation, exact-duplicate keys and near-duplicate similarity of statement texts.
- ``errors``: the exceptions the write paths raise, each with an HTTP status.
- ``services``: every write path (cast a vote, submit a statement, seed, close...); views call these.
- ``identity``: which participant a request belongs to (cookie token, invite, external id).
- ``datasets``: import a :class:`assembly.dataset.Dataset` into a consultation, export one back.
- ``forms``, ``views/``, ``urls/``, ``admin``: the HTML front end.

The moderation app (``assembly.moderation``) builds on these models; nothing here imports it.
"""
