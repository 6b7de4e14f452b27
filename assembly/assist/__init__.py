"""Assistance for staff that runs on the server alone, with no model and no downloaded weights.

:mod:`assembly.assist.suggest` groups submissions into candidate themes with keyword labels (TF-IDF and
k-means from scikit-learn, the ``assist`` extra). Nothing here imports Django, and nothing here is applied
to a consultation: staff accept, rename, merge or discard what it suggests.
"""
