"""Django's SQLite backend with the database files kept private (see :mod:`.base` and :mod:`.files`)."""
