"""An optional language model that drafts text for staff to check and approve; never imports Django.

Off unless an OpenAI-compatible chat-completions endpoint is configured (a local llama.cpp server, Ollama or
vLLM, or a hosted service). Three parts, each usable alone:

- :mod:`.client`: one chat-completions call over HTTP, with its tokens and time, and a clear error when the
  endpoint is down, slow or answers something that is not a chat completion;
- :mod:`.prompts`: the prompts, built from the analysis figures of the statements in scope, and their hash;
- :mod:`.checker`: the faithfulness check in plain code: every sentence cites statements in scope and uses
  no number that is not in the figures it was given.
"""

from assembly.language_model.checker import Problem, Scope, Verdict, check
from assembly.language_model.client import Completion, Endpoint, EndpointError, complete
from assembly.language_model.prompts import Prompt, StatementFigures, prompt_for

__all__ = [
    "Completion",
    "Endpoint",
    "EndpointError",
    "Problem",
    "Prompt",
    "Scope",
    "StatementFigures",
    "Verdict",
    "check",
    "complete",
    "prompt_for",
]
