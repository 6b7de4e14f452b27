"""Local development: debug pages, any local host."""

from assembly.config.settings.base import *  # noqa: F403

DEBUG = True
