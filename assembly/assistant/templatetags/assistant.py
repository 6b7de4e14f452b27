"""``{% where_text_goes %}``: the sentence saying where the assistant sends text, for any staff page."""

from django import template

from assembly.assistant.endpoint import where_text_goes as _where

register = template.Library()


@register.simple_tag
def where_text_goes() -> str:
    return _where()
