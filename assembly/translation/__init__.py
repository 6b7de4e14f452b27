"""Content in several languages, the parts without Django: the machine-translation providers
(LibreTranslate, DeepL), local language detection, and the translations file written beside the pol.is
CSVs. The translations themselves, drafts until a person approves them, are kept by the consultations app
(:mod:`assembly.consultations.translations`) and reviewed in the moderation pages (issue 15)."""
