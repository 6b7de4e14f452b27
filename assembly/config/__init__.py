"""The Django project package of Assembly's web platform (not an app).

``settings/`` holds one module per situation (``base``, ``dev``, ``production``, ``test``);
``urls`` is the route table; ``wsgi`` and ``asgi`` are the server entry points.
"""
