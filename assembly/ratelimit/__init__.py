"""Rate limits shared by every server process: fixed-window counters in the database.

See :mod:`assembly.ratelimit.limits` (the checks the write paths call) and
:mod:`assembly.ratelimit.middleware` (the ``Retry-After`` header on refusals).
"""
