"""Settings, split by situation: ``base`` (everything shared), ``dev``, ``production`` and ``test``.

Select one with ``DJANGO_SETTINGS_MODULE``; ``assembly serve`` uses ``production`` unless told otherwise.
"""
