"""Staff accounts and who may do what: declared access levels, per-consultation moderators, login
lockout, password rules and optional two-factor authentication (TOTP).

- :mod:`assembly.accounts.access`: the access levels every view declares, and the checks behind them.
- :mod:`assembly.accounts.lockout`: failed logins counted in the database; progressive locks per account
  and address (wrong passwords) or per account (wrong codes).
- :mod:`assembly.accounts.totp`: time-based one-time passwords (RFC 6238) and recovery codes.
"""
