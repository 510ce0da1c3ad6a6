"""The only place outreach templates are rendered: Jinja2's immutable sandbox with bounds on
render time, output size and the size of any value a template can build.

User templates are untrusted. They get plain data (dicts, lists, strings, numbers) and no
loader, so they can neither reach Python internals, other users' data nor other files. A
template that tries anything else fails with a ``TemplateProblem`` naming the line.
"""
from __future__ import annotations

import ctypes
import functools
import re
import threading
import time
import traceback
from collections.abc import ItemsView, Iterator, KeysView, ValuesView
from dataclasses import dataclass
from itertools import chain
from typing import Any

import jinja2
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

TEMPLATE_FILENAME = "<template>"

# Jinja2 before 3.1.6 has known sandbox escapes (str.format via a stored reference, the attr
# filter); refuse to run user templates on such a version.
if tuple(int(p) for p in jinja2.__version__.split(".")[:3]) < (3, 1, 6):
    raise ImproperlyConfigured(f"Jinja2 {jinja2.__version__} has known sandbox escapes; install 3.1.6 or later.")

# Filters a letter needs; the rest of Jinja2's built-ins are left out so that nothing a
# template calls can build an unbounded value (center(10**9), indent, format, lipsum …).
_SAFE_FILTERS = (
    "abs capitalize default d first float int join last length count list lower upper "
    "max min replace reverse round select reject selectattr rejectattr map sort string "
    "striptags sum title trim truncate unique wordcount wordwrap batch dictsort items "
    "groupby center indent"
).split()


class TemplateProblem(Exception):
    """A template the user wrote cannot be rendered; ``message`` says why and where."""

    def __init__(self, message: str, line: int | None = None, part: str = ""):
        self.message = message
        self.line = line
        self.part = part
        super().__init__(self.display())

    def display(self) -> str:
        where = []
        if self.part:
            where.append(self.part)
        if self.line:
            where.append(f"line {self.line}")
        prefix = (" ".join(where).capitalize() + ": ") if where else ""
        return prefix + self.message


class _TooBig(Exception):
    pass


class _RenderTimeout(Exception):
    """Raised inside the render thread when the deadline passes."""


def _limit_chars() -> int:
    return int(settings.OUTREACH_MAX_OUTPUT_CHARS)


def _limit_seconds() -> float:
    return float(settings.OUTREACH_RENDER_SECONDS)


MAX_RANGE = 1_000
MAX_INT_BITS = 4_096
# A value a template builds (a list, a dict, a string) may be this many times the output limit:
# room for the context's own text, while printing or comparing it stays cheap.
_WEIGHT_FACTOR = 10


def _limit_weight() -> int:
    return _limit_chars() * _WEIGHT_FACTOR


def _size(value: Any) -> int:
    if isinstance(value, (str, bytes, bytearray, list, tuple, dict)):
        return len(value)
    return 0


def _check_size(size: int) -> None:
    if size > _limit_chars():
        raise _TooBig()


_END = object()


def _weight(value: Any, budget: int | None = None, *, inside: bool = False) -> int:
    """Roughly how many characters ``value`` prints as, counting every repeated reference again
    (``[a, a]`` is twice ``a``), and counted only until it passes ``budget``: so the count stays
    cheap however large or self-repeating the value is. A namespace may not sit inside a list,
    a dict or another namespace (it can change after being put there, growing its container)."""
    budget = _limit_weight() if budget is None else budget
    total = 0
    pending: list = [iter((value,))]
    while pending:
        item = next(pending[-1], _END)
        if item is _END:
            pending.pop()
            continue
        total += 1
        if isinstance(item, (str, bytes, bytearray)):
            total += len(item)
        elif isinstance(item, bool):
            pass
        elif isinstance(item, int):
            total += item.bit_length() // 3
        elif isinstance(item, dict):
            pending.append(chain.from_iterable(item.items()))
        elif isinstance(item, (list, tuple, set, frozenset, KeysView, ValuesView, ItemsView)):
            pending.append(iter(item))
        elif isinstance(item, Namespace):
            if inside or len(pending) > 1:
                raise SecurityError("a namespace cannot be put inside a list, a dict or another namespace")
            pending.append(chain.from_iterable(object.__getattribute__(item, "_Namespace__attrs").items()))
        if total > budget:
            break
    return total


def _check_weight(value: Any, *, inside: bool = False) -> Any:
    if _weight(value, inside=inside) > _limit_weight():
        raise _TooBig()
    return value


def _materialize(items: Iterator) -> list:
    """A lazy sequence (map, select, unique …) as a list, refused as soon as it grows too big."""
    out, total, budget = [], 0, _limit_weight()
    for item in items:
        total += _weight(item, budget - total + 1)
        if total > budget:
            raise _TooBig()
        out.append(item)
    return out


class _BoundedNamespace(Namespace):
    """``namespace()`` whose attributes, set with ``{% set ns.x = … %}``, stay within the bounds."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_weight(value, inside=True)
        attrs = object.__getattribute__(self, "_Namespace__attrs")
        if _weight({**attrs, name: value}) > _limit_weight():
            raise _TooBig()
        Namespace.__setitem__(self, name, value)


class _OutputBuffer(list):
    """What a macro, ``{% set %}…{% endset %}``, ``{% filter %}`` or ``caller()`` writes before it
    is joined into one string: capped at the output limit as it fills (the joined text would
    otherwise escape the check on the final output, and macros calling macros multiply it)."""

    total = 0

    def append(self, text) -> None:
        self.total += len(text) if isinstance(text, str) else 1
        _check_size(self.total)
        super().append(text)

    def extend(self, texts) -> None:
        for text in texts:
            self.append(text)


class _GuardedCodeGenerator(CodeGenerator):
    """Routes the ``~`` operator, list / tuple / dict literals and every buffered output (macros,
    block sets, filter blocks, call blocks) through the environment so their size is checked."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.output_buffer()")

    def _guarded_literal(self, visit, node, frame: Frame) -> None:
        self.write("environment.guarded_value(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self._guarded_literal(super().visit_List, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self._guarded_literal(super().visit_Dict, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx != "load":  # an assignment target ({% for a, b in … %}), not a value
            return super().visit_Tuple(node, frame)
        self._guarded_literal(super().visit_Tuple, node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.guarded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def _capped_range(*args: int):
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise _TooBig()
    return rng


def _quote(text: Any, prefix: str = "> ") -> str:
    """Quote a previous message the way mail clients do."""
    text = str(text)
    _check_size(len(text) + (text.count("\n") + 1) * len(str(prefix)))
    return "\n".join(f"{prefix}{line}" if line else prefix.rstrip() for line in text.splitlines())


def _bounded_filter(name: str, func):
    def estimate(value, *args, **kwargs) -> int:
        if name == "sum":
            start = kwargs.get("start", args[1] if len(args) > 1 else 0)
            if isinstance(start, bool) or not isinstance(start, (int, float)):
                raise SecurityError("the sum filter adds numbers only")
            return 0
        if name == "join":
            sep = kwargs.get("d", args[0] if args else "")
            return _weight(value, _limit_chars() * _WEIGHT_FACTOR) + len(str(sep)) * _size(value)
        if name == "wordwrap":
            wrap = kwargs.get("wrapstring", args[2] if len(args) > 2 else None)
            return (len(str(value)) + 1) * max(1, len(str(wrap)) if wrap is not None else 1)
        if name == "batch":
            fill = kwargs.get("fill_with", args[1] if len(args) > 1 else None)
            count = kwargs.get("linecount", args[0] if args else 1)
            return 0 if fill is None else int(count) * _weight(fill)
        if name == "center":
            return int(args[0] if args else kwargs.get("width", 80))
        if name == "indent":
            width = args[0] if args else kwargs.get("width", 4)
            width = len(width) if isinstance(width, str) else int(width)
            return len(str(value)) + (str(value).count("\n") + 1) * width
        if name == "replace":
            new = args[1] if len(args) > 1 else kwargs.get("new", "")
            return len(str(value)) * max(1, len(str(new)))
        return 0

    def wrapped(*args, **kwargs):
        # Filters with pass_context / pass_environment get that first; the value is next.
        passed = 1 if getattr(func, "jinja_pass_arg", None) else 0
        if len(args) > passed and isinstance(args[passed], Iterator):
            # A lazy input (a generator) is made a list first, so its size can be known.
            args = (*args[:passed], _materialize(args[passed]), *args[passed + 1:])
        value_args = args[passed:]
        if value_args:
            _check_size(estimate(*value_args, **kwargs))
        result = func(*args, **kwargs)
        # map, select, unique, batch … return generators: a list is printable and bounded.
        return _check_weight(_materialize(result) if isinstance(result, Iterator) else result)

    if getattr(func, "jinja_pass_arg", None):
        wrapped.jinja_pass_arg = func.jinja_pass_arg  # type: ignore[attr-defined]
    return wrapped


# str methods whose result can be far larger than their inputs.
_AMPLIFYING_STR_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs", "replace", "join", "translate"}
# str.format's widths ('{0:>800000000}') build the whole string before any size check can see
# it, and a format string can come from the context (a paper title) as easily as from the
# template; no letter needs it, so it is refused wherever it is reached.
_FORMAT_METHODS = frozenset({"format", "format_map"})
_FORMAT_REFUSED = "str.format is not available in templates; write {{ a }} {{ b }} instead"


def _is_str_format(value: Any) -> bool:
    """``value`` is str.format or str.format_map: bound, unbound, or wrapped (Jinja's wrapper
    of a bound one has no ``__self__`` but keeps the method as ``__wrapped__``)."""
    for _ in range(8):  # a wrapper of a wrapper …, never a loop
        if value is None:
            return False
        try:
            name = object.__getattribute__(value, "__name__")
        except AttributeError:
            name = None
        if name in _FORMAT_METHODS:
            owner = getattr(value, "__self__", None)
            owner_type = getattr(value, "__objclass__", None)
            if isinstance(owner, (str, bytes, bytearray)) or (
                    isinstance(owner_type, type) and issubclass(owner_type, (str, bytes, bytearray))):
                return True
        value = getattr(value, "__wrapped__", None)
    return False


class OutreachSandbox(ImmutableSandboxedEnvironment):
    """Immutable sandbox, plain-text output, strict about unknown names, bounded."""

    code_generator_class = _GuardedCodeGenerator
    intercepted_binops = frozenset(["*", "**", "+", "%", "//"])

    def __init__(self) -> None:
        super().__init__(
            autoescape=False,
            undefined=StrictUndefined,
            loader=None,
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        base_filters = self.filters
        self.filters = {
            name: _bounded_filter(name, base_filters[name]) for name in _SAFE_FILTERS
        }
        self.filters["quote"] = _quote
        self.globals = {"range": _capped_range, "dict": dict, "namespace": _BoundedNamespace}

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute in _FORMAT_METHODS and isinstance(obj, (str, bytes, bytearray)):
            raise SecurityError(_FORMAT_REFUSED)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        # x["format"], and the attribute= of map, sort, groupby … which look up through here
        if argument in _FORMAT_METHODS and isinstance(obj, (str, bytes, bytearray)):
            raise SecurityError(_FORMAT_REFUSED)
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> None:
        # Jinja's own path wraps str.format in a sandboxed formatter; here it is refused instead
        # (a width in the format spec is not bounded by that formatter).
        if _is_str_format(value):
            raise SecurityError(_FORMAT_REFUSED)
        return None

    def guarded_concat(self, parts) -> str:
        strings, total = [], 0
        for part in parts:  # checked part by part: each str() of a list can be large
            strings.append(str(part))
            total += len(strings[-1])
            _check_size(total)
        return "".join(strings)

    @staticmethod
    def guarded_value(value: Any) -> Any:
        return _check_weight(value)

    @staticmethod
    def output_buffer() -> _OutputBuffer:
        return _OutputBuffer()

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int) and isinstance(left, int):
                if abs(right) * max(1, abs(left).bit_length()) > MAX_INT_BITS:
                    raise _TooBig()
        elif operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(n, int) and _size(seq):
                    # the weight, not the length: [a] * n prints a n times, however big a is
                    _check_size(_size(seq) * n)
                    if _weight(seq) * n > _limit_weight():
                        raise _TooBig()
            if isinstance(left, int) and isinstance(right, int):
                if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                    raise _TooBig()
        elif operator == "+":
            _check_size(_size(left) + _size(right))
            if _size(left) and _size(right) and _weight(left) + _weight(right) > _limit_weight():
                raise _TooBig()
        elif operator == "%" and isinstance(left, (str, bytes)):
            # printf-style widths ("%999999999s", or "%*s" with the width as an argument) could
            # build huge strings
            spec = left.decode("latin-1") if isinstance(left, bytes) else left
            if re.search(r"%(\([^)]*\))?[-+ #0]*(\d{4,}|\*)", spec) or re.search(r"\.(\d{4,}|\*)", spec):
                raise _TooBig()
            if isinstance(right, dict):
                # "%(a)s" may name one value any number of times: each use prints it again.
                uses = spec.count("%(")
                if uses:
                    _check_size(len(spec) + uses * max((_weight(v) for v in right.values()), default=0))
        return _check_weight(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        if _is_str_format(__obj):
            raise SecurityError(_FORMAT_REFUSED)
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, (str, bytes, bytearray)):
            if name in _AMPLIFYING_STR_METHODS:
                _check_size(_estimate_str_method(owner, name, args))
        for arg in (*args, *kwargs.values()):
            # No letter needs a number this large as an argument (int.to_bytes(10**9) …).
            if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > _limit_weight():
                raise _TooBig()
        return _check_weight(super().call(__context, __obj, *args, **kwargs))


def _estimate_str_method(s: str, name: str, args: tuple) -> int:
    try:
        if name in ("center", "ljust", "rjust", "zfill"):
            return int(args[0]) if args else 0
        if name == "expandtabs":
            return len(s) * int(args[0] if args else 8)
        if name == "replace":
            return len(s) * max(1, len(str(args[1])) if len(args) > 1 else 1)
        if name == "join":
            items = list(args[0]) if args else []
            return sum(len(str(i)) for i in items) + len(s) * len(items)
        if name == "translate":
            table = args[0] if args else {}
            longest = max((len(v) for v in table.values() if isinstance(v, (str, bytes))), default=1)
            return len(s) * max(1, longest)
    except (TypeError, ValueError, AttributeError):
        return 0
    return 0


_ENV: OutreachSandbox | None = None


def sandbox() -> OutreachSandbox:
    """The process-wide sandboxed environment (compiled templates are cached inside Jinja)."""
    global _ENV
    if _ENV is None:
        _ENV = OutreachSandbox()
    return _ENV


@dataclass(frozen=True)
class CompiledTemplate:
    part: str
    template: Any


def compile_template(source: str, *, part: str = "template") -> CompiledTemplate:
    """Parse a user's template source, or raise TemplateProblem with the line of the error."""
    if len(source) > _limit_chars():
        raise TemplateProblem(
            f"The template is too long ({len(source)} characters; the limit is {_limit_chars()}).",
            part=part,
        )
    try:
        return CompiledTemplate(part, _compiled(source))
    except TemplateSyntaxError as exc:
        # Only when Jinja's complaint is a block's end (missing or stray): a malformed tag is said as such.
        about_an_end = "Unexpected end of template" in (exc.message or "") or "unknown tag 'end" in (exc.message or "")
        unbalanced = _unbalanced_block(source) if about_an_end else None
        if unbalanced is not None:
            message, line = unbalanced
            raise TemplateProblem(message, line=line, part=part) from None
        raise TemplateProblem(_syntax_message(exc), line=exc.lineno, part=part) from None
    except TemplateError as exc:
        raise TemplateProblem(str(exc), part=part) from None
    except RecursionError:
        raise TemplateProblem("The template is nested too deeply to read.", part=part) from None


@functools.lru_cache(maxsize=256)
def _compiled(source: str):
    # Compiling is ~100x a render; a bulk job renders one template hundreds of times.
    env = sandbox()
    tree = env.parse(source)
    block = next(tree.find_all(nodes.Block), None)
    if block is not None:
        # A block is only for template inheritance, which user templates cannot use; and
        # self.<block>() would join its output unchecked.
        raise TemplateSyntaxError(
            "blocks are not available in templates (there is nothing to extend); use a macro",
            block.lineno, filename=TEMPLATE_FILENAME,
        )
    return env.from_string(tree)


_BLOCK_TAG = re.compile(r"\{%[-+]?\s*(end)?(if|for|macro|call|filter|raw)\b")
_BLOCK_WORDS = {"if": "condition", "for": "loop", "macro": "macro", "call": "call", "filter": "filter", "raw": "raw block"}


def _unbalanced_block(source: str) -> tuple[str, int] | None:
    """A block opened and never closed (or closed and never opened), in words with its line:
    Jinja itself says only that the template ended, on its last line."""
    stack: list[tuple[str, int]] = []
    for m in _BLOCK_TAG.finditer(source):
        line = source.count("\n", 0, m.start()) + 1
        closing, tag = bool(m.group(1)), m.group(2)
        if not closing:
            stack.append((tag, line))
        elif stack and stack[-1][0] == tag:
            stack.pop()
        elif stack:
            opened, at = stack[-1]
            return (f"{{% end{tag} %}} on line {line} closes a {_BLOCK_WORDS[tag]}, but the innermost open one is "
                    f"the {{% {opened} %}} {_BLOCK_WORDS[opened]} from line {at}: add {{% end{opened} %}} before "
                    f"line {line}, or remove this {{% end{tag} %}}.", line)
        else:
            return (f"{{% end{tag} %}} on line {line} closes nothing: no {{% {tag} … %}} is open there. "
                    f"Remove it, or add the {{% {tag} … %}} it belongs to.", line)
    if stack:
        tag, at = stack[-1]
        last = source.count("\n") + 1
        return (f"The {{% {tag} … %}} {_BLOCK_WORDS[tag]} opened on line {at} is never closed: add "
                f"{{% end{tag} %}} where its text should end (the template ends on line {last}).", at)
    return None


def _syntax_message(exc: TemplateSyntaxError) -> str:
    msg = exc.message or "syntax error"
    if "Encountered unknown tag" in msg and any(t in msg for t in ("include", "import", "extends", "from")):
        return "Templates cannot include, import or extend other files; put everything in this template."
    return f"Syntax error: {msg}"


def _line_from(tb) -> int | None:
    line = None
    for frame in traceback.extract_tb(tb):
        if frame.filename == TEMPLATE_FILENAME:
            line = frame.lineno
    return line


def _problem_from(exc: BaseException, part: str) -> TemplateProblem:
    line = _line_from(exc.__traceback__)
    detail = str(exc).rstrip(".")
    if "no loader" in detail.lower():
        msg = "Templates cannot include, import or extend other files; put everything in this template."
    elif isinstance(exc, _RenderTimeout):
        msg = f"The template took longer than {_limit_seconds():g} s to render; simplify its loops."
    elif isinstance(exc, _TooBig):
        msg = (
            f"The template builds text larger than the limit of {_limit_chars()} characters "
            "(or a loop or number too large); a letter should be far shorter."
        )
    elif isinstance(exc, RecursionError):
        msg = "The template calls itself without end (a macro or loop that never stops recursing)."
    elif isinstance(exc, SecurityError):
        msg = f"Not allowed in templates: {detail}. Use only the fields listed beside the editor."
    elif isinstance(exc, UndefinedError):
        msg = f"{exc.message}. Use only the fields listed beside the editor."
    elif isinstance(exc, TemplateError):
        msg = detail
    elif isinstance(exc, (TypeError, ValueError, ZeroDivisionError, KeyError, IndexError, AttributeError)):
        msg = f"{type(exc).__name__}: {exc}"
    elif isinstance(exc, MemoryError):
        msg = "The template tried to build something too large."
    else:
        msg = f"The template failed to render ({type(exc).__name__})."
    return TemplateProblem(msg, line=line, part=part)


def _raise_in_thread(thread: threading.Thread, exc_type: type[BaseException]) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(exc_type))


def render(compiled: CompiledTemplate, context: dict[str, Any]) -> str:
    """Render with the time and size bounds; raise TemplateProblem on any failure.

    The render runs in its own thread so a runaway loop can be interrupted at the deadline
    (an asynchronous exception is raised into it) without involving signals, which only the
    main thread may use and which Celery and the web server do not give us.
    """
    limit = _limit_chars()
    seconds = _limit_seconds()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            out: list[str] = []
            total = 0
            deadline = time.monotonic() + seconds
            for chunk in compiled.template.generate(**context):
                total += len(chunk)
                if total > limit:
                    raise _TooBig()
                if time.monotonic() > deadline:
                    raise _RenderTimeout()
                out.append(chunk)
            outcome["text"] = "".join(out)
        except BaseException as exc:  # noqa: BLE001 — every failure becomes a TemplateProblem
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="outreach-render", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        _raise_in_thread(thread, _RenderTimeout)
        thread.join(seconds)
        if thread.is_alive():  # stuck inside one C call; it is bounded by the size guards
            raise TemplateProblem(
                f"The template took longer than {seconds:g} s to render; simplify its loops.",
                part=compiled.part,
            )
    if "error" in outcome:
        raise _problem_from(outcome["error"], compiled.part) from None
    return outcome["text"]


def render_source(source: str, context: dict[str, Any], *, part: str = "template") -> str:
    """Compile and render in one step."""
    return render(compile_template(source, part=part), context)


HEADER_BAD = re.compile(r"[\r\n\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]")


def render_subject(source: str, context: dict[str, Any]) -> str:
    """Render a subject line; a header must be one line, so a line break is an error."""
    text = render_source(source, context, part="subject").strip()
    bad = HEADER_BAD.search(text)
    if bad:
        raise TemplateProblem(
            "The subject must be a single line, but it contains a line break or control "
            "character; remove it (a subject cannot add headers such as Bcc).",
            part="subject",
        )
    if not text:
        raise TemplateProblem("The subject is empty.", part="subject")
    if len(text) > 200:
        raise TemplateProblem(f"The subject is {len(text)} characters long; keep it under 200.", part="subject")
    return text


def render_body(source: str, context: dict[str, Any]) -> str:
    """Render a plain-text body (no HTML escaping: the target is a plain-text email)."""
    text = render_source(source, context, part="body")
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
