"""Assembly: run alignment assemblies and analyse them the way pol.is does, reproducibly.

Package map (dependencies flow downwards only):

- ``assembly.analysis``: the pure analysis library (numpy, scipy, scikit-learn; no Django, no I/O).
- ``assembly.dataset``: the in-memory consultation record (statements, vote log, participants)
  shared by importers, exporters, the simulator, the report and the web platform.
- ``assembly.polis``: reading and writing pol.is exports (CSV) and API dumps (JSON).
- ``assembly.simulate``: synthetic consultations with planted opinion groups.
- ``assembly.cli``: the ``assembly`` command.
"""

__version__ = "0.1.0"
