"""Rendered page sections shared by every user through the cache, with holes for what is theirs.

Django's template engine, not the database, is most of a busy page's cost: at 10,000
researchers a directory page's 25 rows or a ranking's 20 match rows took 10-20 ms of CPU to
render on every view. Such a section shows the catalogue (or one ranking of it), not the user,
so it is rendered once per version of what it shows and kept in the shared cache. What differs
per user is left as a hole and filled on every request:

- the CSRF token: a fragment is rendered with a placeholder as its token (``csrf_hole()``),
  which each request replaces with its own (a real token baked into a shared fragment would
  hand one user's token to everyone);
- ``{% hole "name" arg %}``: a marker that the filler registered under ``name`` replaces,
  given the request and every argument of that name on the page at once (the save buttons of
  a page are filled from one query).

The placeholders carry a random value made for each render and kept with the fragment
(``Fragment.marker``): a fragment also shows text from imported pages and from users (names, a
search), and text that spelled out a placeholder would have the viewer's CSRF token or a
filler's output put in its place (into a link to another site, say). Text written before the
render cannot know it; a value derived from SECRET_KEY could be computed by anyone who knows
the key, and a DEBUG install's key is in the code.

A fragment is rendered with ``render_to_string`` and no request, so its template cannot see who
is asking: ``user``, ``request`` and ``messages`` are simply absent there. The key is made of
everything the fragment shows besides the holes, and the date (pages say "stale" and "in the
last 12 months").

Not for this project's apps only: config knows none of them; they register fillers in their
``AppConfig.ready``.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# The CSRF placeholder starts so: no real token does (tokens are 64 letters and digits).
CSRF_HOLE_PREFIX = "csrf-hole-"
# Any hole marker; only those carrying the fragment's own marker are filled.
_HOLE = re.compile(r"<!--hole-([0-9a-f]+):([a-z_]+):([\w.-]*)-->")
# The marker of the fragment being rendered in this thread (or task), for hole() and csrf_hole().
_marker: ContextVar[str | None] = ContextVar("fragment_marker", default=None)
# Keys name their versions, so expiry only clears out sections nobody asks for any more: every
# search typed into the directory is a key. An hour bounds the cache to an hour's searches.
FRAGMENT_SECONDS = 60 * 60

# name -> filler(request, args, context) -> {arg: html}
HoleFiller = Callable[[object, list[str], dict], dict[str, str]]
_fillers: dict[str, HoleFiller] = {}


def hole_filler_register(name: str, filler: HoleFiller) -> None:
    """``filler(request, args, context)`` gives the HTML for each ``{% hole name arg %}`` on a
    page; ``context`` is what the view passed to ``holes_fill`` (say, ids it already read)."""
    _fillers[name] = filler


@dataclass(frozen=True)
class Fragment:
    """A shared fragment as rendered and cached: its HTML, holes still open, and the random
    marker its placeholders carry (made for this render only)."""

    html: str
    marker: str


def _current_marker(what: str) -> str:
    marker = _marker.get()
    if marker is None:
        raise RuntimeError(f"{what} belongs in a shared fragment's template or context (fragment_shared)")
    return marker


def csrf_hole() -> str:
    """The CSRF token placeholder of the fragment being rendered, for markup built in its context."""
    return CSRF_HOLE_PREFIX + _current_marker("csrf_hole()")


def hole(name: str, arg) -> SafeString:
    """The marker ``holes_fill`` replaces (an HTML comment: escaped text cannot forge one)."""
    if not re.fullmatch(r"[a-z_]+", name) or not re.fullmatch(r"[\w.-]*", str(arg)):
        raise ValueError(f"a hole is named with a-z and _ and takes a plain argument, not {name!r} {arg!r}")
    return mark_safe(f"<!--hole-{_current_marker('{% hole %}')}:{name}:{arg}-->")


@dataclass(frozen=True)
class Role:
    """What a shared fragment may know of the user: whether they are signed in and staff, never
    who they are. Given to its template as ``user``; part of its key."""

    is_authenticated: bool = False
    is_staff: bool = False

    @classmethod
    def of(cls, user) -> Role:
        return cls(is_authenticated=bool(user.is_authenticated), is_staff=bool(getattr(user, "is_staff", False)))


def page_number_shown(asked, count: Callable[[], int], page_size: int) -> int:
    """The page Django's ``Paginator.get_page(asked)`` shows, as a number, for a key built from
    cleaned values: "abc" is the first page, "0" or "99999" the last. ``count()`` (the number of
    items) is called only for a number other than 1."""
    try:
        number = int(asked)
    except (TypeError, ValueError):
        return 1
    if number == 1:
        return 1
    last = max(1, -(-count() // page_size))
    return number if 1 <= number <= last else last


def fragment_key(name: str, parts: Iterable) -> str:
    """The cache key of a fragment: its name, today's date and a digest of ``parts``."""
    digest = hashlib.sha256(json.dumps([str(timezone.localdate()), *parts], default=str).encode()).hexdigest()
    return f"fragment:{name}:{digest}"


def fragment_shared(name: str, key_parts: Iterable, template_name: str, context: Callable[[], dict],
                    timeout: int = FRAGMENT_SECONDS) -> Fragment:
    """The fragment rendered from ``template_name`` with ``context()`` (called only when it is
    not in the cache), holes still open. ``key_parts``: everything it shows besides holes (a
    user's id among them makes it that user's alone)."""
    key = fragment_key(name, key_parts)
    try:
        cached = cache.get(key)
    except RedisError:
        log.warning("fragment cache unreachable; rendering %s", name)
        return fragment_render(template_name, context)
    if isinstance(cached, Fragment):
        return cached
    fragment = fragment_render(template_name, context)
    try:
        cache.set(key, fragment, timeout)
    except RedisError:
        log.warning("fragment cache unreachable; %s not kept", name)
    return fragment


def fragment_render(template_name: str, context: Callable[[], dict]) -> Fragment:
    """Render a fragment with fresh placeholders, not kept (for a request whose fragment is
    not worth sharing, such as an invalid search)."""
    marker = secrets.token_hex(16)
    reset = _marker.set(marker)
    try:
        html = render_to_string(template_name, {**context(), "csrf_token": CSRF_HOLE_PREFIX + marker})
    finally:
        _marker.reset(reset)
    return Fragment(html=html, marker=marker)


def holes_fill(fragment: Fragment, request, **context) -> SafeString:
    """The fragment's HTML with its CSRF token and holes filled for this request."""
    html = fragment.html
    csrf = CSRF_HOLE_PREFIX + fragment.marker
    if csrf in html:
        html = html.replace(csrf, get_token(request))
    wanted: dict[str, list[str]] = defaultdict(list)
    for found in _HOLE.finditer(html):
        if found[1] == fragment.marker:
            wanted[found[2]].append(found[3])
    if not wanted:
        return mark_safe(html)
    filled = {name: _fillers[name](request, args, context) for name, args in wanted.items()}
    return mark_safe(_HOLE.sub(
        lambda found: filled[found[2]][found[3]] if found[1] == fragment.marker else found[0], html))
