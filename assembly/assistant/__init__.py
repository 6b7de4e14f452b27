"""The optional assistant: drafts by a language model that staff check, edit and approve (issue 16).

Off by default. With ``ASSEMBLY_LLM_URL`` set, staff of a consultation can ask for drafts of theme names,
theme summaries and the report's key takeaways. Every draft goes through the citation checker
(:mod:`assembly.language_model.checker`); rejected drafts are kept with their reasons, accepted ones wait
for a person, and only approved text is shown, labelled with the model, the prompt's hash and the date.
Every call's tokens and time are recorded for the report's computing-cost section.
"""
