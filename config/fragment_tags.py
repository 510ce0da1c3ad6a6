"""``{% load fragments %}``: ``{% hole "name" arg %}`` in a template rendered as a shared
fragment (config/fragments.py), where the per-user part is filled on each request."""
from django import template

from config.fragments import hole as hole_marker

register = template.Library()


@register.simple_tag
def hole(name: str, arg) -> str:
    return hole_marker(name, arg)
