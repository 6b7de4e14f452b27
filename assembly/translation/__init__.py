"""Content in several languages: machine-translation providers, local language detection, and the
services that keep translations as drafts until a person approves them (issue 15)."""
