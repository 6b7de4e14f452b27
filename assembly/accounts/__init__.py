"""Staff accounts and who may do what: declared access levels, login lockout, password rules and
optional two-factor authentication (TOTP), and the table of per-consultation moderators.

- :mod:`assembly.accounts.access`: the access levels every view declares, and the staff check.
- :mod:`assembly.accounts.lockout`: failed logins counted in the database; progressive locks per account
  and address (wrong passwords) or per account (wrong codes).
- :mod:`assembly.accounts.totp`: time-based one-time passwords (RFC 6238) and recovery codes.
- :mod:`assembly.accounts.admin_site`: Django's admin for superusers only.

The checks that need a consultation (who moderates it) and managing its moderators are the
consultations app's (:mod:`assembly.consultations.access`, :mod:`assembly.consultations.moderators`),
which builds on this one: nothing here imports it (tests/test_architecture.py).
"""
