from collections.abc import Iterator

import pytest

from tests.language_model.chat_server import ChatServer, chat_server


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    """A local chat-completions server; set ``chat.answer`` to choose what it says."""
    with chat_server() as server:
        yield server
