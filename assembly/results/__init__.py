"""The results app: analysis snapshots, the background runner, the results pages and group names.

Split by concept (dependencies flow downwards):

- ``models``: :class:`AnalysisSnapshot` (the latest analysis of a consultation, with its lease) and
  :class:`GroupName` (staff names for opinion groups).
- ``snapshots``: reads a consultation from the database, runs the analysis, stores the snapshot;
  tells whether a snapshot is stale.
- ``runner``: the loop behind ``assembly worker`` and the thread ``assembly serve`` starts.
- ``routing``: the latest routing priorities, for the participant pages' next-statement draw.
- ``presentation``: turns a snapshot into what the results page shows (counts, map, groups, categories).
- ``views``, ``urls``, ``forms``: the results page, its live fragment, group naming, the report.
"""
