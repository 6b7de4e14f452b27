"""Assembly: run alignment assemblies and analyse them the way pol.is does, reproducibly.

Package map, by layer, lowest first. A part imports only from its own layer and the layers below it,
never from above, and parts of one layer import each other without cycles; tests/test_architecture.py
holds the same table (``LAYERS``) and checks every import, including those inside functions.

1. ``assembly.analysis``: the pure analysis library (numpy and scipy; no Django, no I/O).
2. ``assembly.errors``: Assembly's exceptions. ``assembly.disclosure``: what results may be published
   (the rule that keeps a small number of people from being singled out).
3. ``assembly.dataset``: the in-memory consultation record (statements, vote log, participants)
   shared by importers, exporters, the simulator, the report and the web platform.
4. ``assembly.polis``: reading and writing pol.is exports (CSV) and API dumps (JSON).
   ``assembly.simulate``: synthetic consultations with planted opinion groups.
   ``assembly.marginals``: published per-statement figures a simulation can be shaped to.
5. ``assembly.charts``: the SVG charts.
6. ``assembly.report``: the report (HTML, PDF, Markdown) built from an analysis.
7. ``assembly.http``: HTTP helpers the apps and the settings share (Content-Security-Policy, the
   client's address, the cross-site check).
8. The Django apps, in their own order: ``accounts`` (staff accounts, access levels) and ``ratelimit``;
   ``consultations``; ``moderation`` and ``branding``; ``results``. An app built on another may hand it a
   function at start-up (``AppConfig.ready``) where the lower app needs something of the higher one.
9. ``assembly.api``: the JSON API over the apps.
10. ``assembly.config``: the project (settings, URLs, serving); no app imports it.
11. ``assembly.cli`` (and ``__main__``): the ``assembly`` command.
"""

__version__ = "0.1.0"
