"""Shortlist pages: the table, the board, one entry, import/export and the funnel. Every
lookup goes through a selector scoped to request.user, so another user's id is a 404."""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html import escape as escape_text  # plain str: no lazy-string wrapper per call

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.fragments import csrf_hole, fragment_shared, holes_fill
from config.uploads import refused_uploads, upload_size_limit
from profiles.selectors import catalogue_version_name

from . import exports, selectors, services
from .exceptions import ImportFileError, NotesConflict, ShortlistError
from .forms import DetailsForm, FilterForm, ImportForm, NotesForm, RowForm, StatusForm
from .models import CLOSED, PIPELINE, Priority, Status


def _entry_or_404(request: HttpRequest, pk: int):
    return get_object_or_404(selectors.shortlist_entries(user=request.user), pk=pk)


def _entry_url_format(name: str) -> str:
    """The URL of ``name`` for any entry as a format string, so a 500-row page reverses once."""
    return reverse(f"shortlist:{name}", kwargs={"pk": 0}).replace("/0/", "/{}/")


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _follow_up_state(due, today) -> str:
    """The CSS class that makes a follow-up stand out: "overdue", "due" (today) or ""."""
    if due is None or due > today:
        return ""
    return "overdue" if due < today else "due"


def _options_by_selected(choices) -> dict:
    """{value: the <option>s of ``choices`` with that value selected} for a row's <select>."""
    def options(chosen):
        return format_html_join("", '<option value="{}"{}>{}</option>',
                                ((value, mark_safe(" selected") if value == chosen else "", label)
                                 for value, label in choices))
    return {value: options(value) for value, _ in choices}


_HUNDREDTHS = Decimal("0.01")
TABLE_PAGE_SIZE = 100


def _score_text(score: float) -> str:
    """``score`` to two places rounded as the entry page's |floatformat:2 does (half up on the
    decimal the float prints as, not Python's binary-float rounding), so one score never reads
    0.57 here and 0.58 there; floatformat itself cost 11 ms at 500 rows. A value that is no
    score (infinite, not a number, or too large to round: stored by an import before scores
    were checked) shows as nothing rather than breaking the page."""
    try:
        return mark_safe(str(Decimal(repr(score)).quantize(_HUNDREDTHS, ROUND_HALF_UP))) if math.isfinite(score) else ""
    except InvalidOperation:
        return ""


# One table row as one string, filled in by ``_table_rows``. Every value is escaped there once:
# the template engine spent ~90 µs a row looking up, localizing and escaping its 25 values
# (9 ms of a 100-row page), and Django's lazy-aware escape() was a third of the rest.
_ROW_HTML = (
    '<tr id="row-{key}" hx-post="{row_url}" hx-trigger="change" hx-include="this" hx-target="find .row-status" '
    'hx-swap="outerHTML" hx-sync="this:queue last">\n'
    '<td><a href="{url}">{name}</a>{hidden_flag}{badge}<form id="row-form-{key}" method="post" action="{row_url}">'
    '{row_form_fields}</form></td>\n'
    '<td>{affiliation}</td>\n'
    '<td><select name="status" form="row-form-{key}" aria-label="Status of {name}">{status_options}</select></td>\n'
    '<td><select name="priority" form="row-form-{key}" aria-label="Priority of {name}">{priority_options}</select></td>\n'
    '<td><input name="tags" form="row-form-{key}" value="{tags}" size="14" '
    'aria-label="Tags of {name} (comma-separated)"></td>\n'
    '<td{due_class}><input type="date" name="follow_up_on" form="row-form-{key}" value="{follow_up}" '
    'aria-label="Follow up {name} on"></td>\n'
    '<td>{score}</td>\n'
    '<td>{saved_on}</td>\n'
    '<td class="nowrap"><button type="submit" form="row-form-{key}">Save</button> '
    '<span class="row-status muted" role="status"></span></td>\n'
    '</tr>'
)
_HIDDEN_FLAG = (' <span class="flag bad" title="A curator hid this researcher from the directory; your entry is kept">'
                'hidden</span>')


def _table_rows(*, user, today, row_form_fields: str, rows) -> list[SafeString]:
    """The table's rows as HTML (``rows``: one page of ``shortlist_table_rows``), made in one
    Python pass: template lookups and filters cost more than the query."""
    rows = list(rows)
    tags = selectors.entry_tag_names(user=user, entry_ids=[row["id"] for row in rows])
    unread = selectors.unread_notice_counts(user=user)
    # A row's <option>s differ only in which is selected: 8 + 3 variants made once, not per row.
    status_options = _options_by_selected(Status.choices)
    priority_options = _options_by_selected(Priority.choices)
    detail_url, row_url = _entry_url_format("entry_detail"), _entry_url_format("entry_row")
    zone = timezone.get_current_timezone()
    html = []
    for row in rows:
        due, score, key, notices = row["follow_up_on"], row["match_score_at_save"], row["id"], unread.get(row["id"], 0)
        state = _follow_up_state(due, today)
        html.append(mark_safe(_ROW_HTML.format(
            key=key, url=detail_url.format(key), row_url=row_url.format(key),
            name=escape_text(row["name"]), affiliation=escape_text(row["affiliation"]),
            hidden_flag=_HIDDEN_FLAG if row["hidden"] else "",
            badge=f' <span class="badge" title="Unread notices">{notices}</span>' if notices else "",
            row_form_fields=row_form_fields,
            status_options=status_options[row["status"]], priority_options=priority_options[row["priority"]],
            tags=escape_text(", ".join(tags.get(key, ()))),
            due_class=f' class="{state}"' if state else "", follow_up=due.isoformat() if due else "",
            score="" if score is None else _score_text(score),
            saved_on=row["saved_at"].astimezone(zone).date().isoformat())))
    return html


def _removed_entry(request):
    """The entry just removed (``?removed=<id>``), to offer its undo; None otherwise."""
    pk = request.GET.get("removed", "")
    if not pk.isdigit():
        return None
    return selectors.shortlist_entries_removed(user=request.user).filter(pk=int(pk)).first()


@require_GET
@login_required
def shortlist_page(request):
    # The page is the user's alone and changes with every edit, but is read far more often than
    # written: it is kept in the cache under a fingerprint of their shortlist (one query; see
    # selectors.shortlist_fingerprint), the catalogue version (names and institutions) and the
    # address. 100 editable rows and eight queries cost ~12 ms of CPU to build each view.
    table_only = bool(request.htmx and request.htmx.target == "shortlist-table")
    key = [request.user.pk, selectors.shortlist_fingerprint(user=request.user), catalogue_version_name(),
           request.get_full_path(), table_only]
    template = "shortlist/_shortlist_body.html#table" if table_only else "shortlist/_shortlist_body.html"
    # Ten minutes: a reload or a return from an entry finds it; each edit makes a new key, and
    # 160 KB a key must not pile up in Redis for a busy editor.
    body = holes_fill(fragment_shared("shortlist", key, template, lambda: _page_context(request), timeout=10 * 60),
                      request)
    if table_only:
        return HttpResponse(body)
    return render(request, "shortlist/list.html", {"body": body})


def _page_context(request) -> dict:
    form = FilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ShortlistFilters(
        status=cleaned.get("status", ""), tag=cleaned.get("tag", ""),
        institution=cleaned.get("institution", ""), due=cleaned.get("due", False),
        sort=cleaned.get("sort") or selectors.DEFAULT_SORT,
    )
    today = timezone.localdate()
    # Pages of 100 rows: 500 editable rows were 790 KB of HTML (88 ms at the 95th percentile
    # under load); sorting and filters apply to the whole list before it is cut into pages.
    page = Paginator(selectors.shortlist_table_rows(user=request.user, filters=filters, today=today),
                     TABLE_PAGE_SIZE).get_page(request.GET.get("page"))
    # Every row's no-JS form posts the same token and comes back here: made once. The token is
    # the request's own, filled in after the cache (config/fragments.py).
    row_form_fields = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                                  '<input type="hidden" name="next" value="{}">',
                                  csrf_hole(), request.get_full_path())
    entries = _table_rows(user=request.user, today=today, row_form_fields=row_form_fields, rows=page.object_list)
    base = {"status": filters.status, "tag": filters.tag, "institution": filters.institution, "due": "1" if filters.due else ""}
    base = {k: v for k, v in base.items() if v}
    sort_links = {}
    for column in ("name", "affiliation", "status", "priority", "follow_up", "score", "saved"):
        # Text columns sort A→Z first; priority, score and saved date start from the top.
        first = column if column in ("name", "affiliation", "status", "follow_up") else "-" + column
        flipped = first[1:] if first.startswith("-") else "-" + first
        sort_links[column] = urlencode({**base, "sort": flipped if filters.sort == first else first})
    return {
        "entries": entries, "page": page, "filters": filters, "sort_links": sort_links, "form": form,
        "statuses": Status.choices,
        "tags": selectors.shortlist_tags(user=request.user),
        "notices": selectors.notices_for(user=request.user, unread_only=True)[:20],
        "due_count": selectors.followups_due_count(user=request.user),
        # The address is in the fragment's key: the undo offer and page links may read it.
        "removed": _removed_entry(request),
        "query": request.GET,
    }


def _board_context(request):
    columns = {s: [] for s in Status.values}
    today = timezone.localdate()
    total = 0
    detail_url, status_url = _entry_url_format("entry_detail"), _entry_url_format("entry_status")
    for entry in selectors.shortlist_entries(user=request.user):
        entry.detail_url, entry.status_url = detail_url.format(entry.pk), status_url.format(entry.pk)
        entry.follow_up_state = _follow_up_state(entry.follow_up_on, today)
        columns[entry.status].append(entry)
        total += 1
    order = [(str(s), s.label) for s in PIPELINE]
    moves = {}
    for i, (value, _) in enumerate(order):
        moves[value] = (order[i - 1] if i > 0 else None, order[i + 1] if i + 1 < len(order) else None)
    for closed in CLOSED:
        moves[str(closed)] = (order[0], None)  # "back" reopens a closed entry
    return {
        "columns": [(value, label, columns[value], *moves[value]) for value, label in Status.choices],
        "board_url": reverse("shortlist:board"),
        "total": total,
    }


@require_GET
@login_required
def board(request):
    template = "shortlist/board.html#board" if request.htmx else "shortlist/board.html"
    return render(request, template, _board_context(request))


@require_POST
@login_required
def save_toggle(request, researcher_id: int):
    """Save or remove one researcher; htmx gets the flipped button back, others a redirect."""
    action = request.POST.get("action", "save")
    current = selectors.researcher_current(pk=researcher_id)
    if current is None:
        raise Http404("No such researcher.")
    if action == "remove":
        entry = get_object_or_404(selectors.shortlist_entries(user=request.user), researcher=current)
        services.entry_remove(entry=entry)
        researcher, saved_ids = entry.researcher, set()
    else:
        # A hidden researcher (or someone else's unpublished proposal) can't be newly saved;
        # existing entries stay, marked hidden.
        researcher = get_object_or_404(selectors.researchers_saveable(user=request.user), pk=current.pk)
        services.entry_save(user=request.user, researcher=researcher)
        saved_ids = {researcher.pk}
    if request.htmx:
        return render(request, "shortlist/_save_button.html", {"researcher": researcher, "saved_ids": saved_ids})
    messages.success(request, f"{'Saved' if saved_ids else 'Removed'} {researcher.name}.")
    return redirect(_safe_next(request, "shortlist:list"))


def _detail_context(request, entry, **extra):
    return {
        "entry": entry, "statuses": Status.choices, "today": timezone.localdate(),
        "timeline": selectors.entry_timeline(entry=entry)[:100],
        "entry_notices": entry.notices.order_by("-created_at", "-id")[:20],
        "details_form": extra.pop("details_form", None) or DetailsForm(initial={
            "tags": ", ".join(t.name for t in entry.tag_list), "priority": entry.priority,
            "follow_up_on": entry.follow_up_on, "personal_hook": entry.personal_hook,
        }),
        **extra,
    }


@require_GET
@login_required
def entry_detail(request, pk: int):
    entry = _entry_or_404(request, pk)
    return render(request, "shortlist/entry_detail.html", _detail_context(request, entry))


@require_POST
@login_required
def entry_notes(request, pk: int):
    """Autosave the notes; a save based on an old version gets the conflict chooser."""
    entry = _entry_or_404(request, pk)
    form = NotesForm(request.POST)
    if not form.is_valid():
        problem = "Notes could not be saved: " + "; ".join(m for ms in form.errors.values() for m in ms)
        # htmx swaps only 2xx answers: the message must arrive as one to be shown by the box.
        return HttpResponse(f'<strong class="error">{escape(problem)}</strong>', status=200 if request.htmx else 400)
    notes, version, choice = form.cleaned_data["notes"], form.cleaned_data["version"], form.cleaned_data["choice"]
    if choice == "theirs":
        entry.refresh_from_db()
        return render(request, "shortlist/entry_detail.html#notes", {"entry": entry, "notes_message": "Kept the other tab's text."})
    if choice == "merge":
        entry.refresh_from_db(fields=["notes", "notes_version"])
        notes = f"{entry.notes.rstrip()}\n\n{notes}" if entry.notes.strip() else notes
    try:
        entry = services.entry_notes_save(entry=entry, notes=notes, base_version=version)
    except NotesConflict as conflict:
        if request.htmx:
            return render(request, "shortlist/entry_detail.html#notes-conflict", {"entry": entry, "mine": notes, "conflict": conflict})
        # Without JS the page reloads: the text box keeps the user's text, based on the new version.
        entry.notes, entry.notes_version = notes, conflict.current_version
        return render(request, "shortlist/entry_detail.html", _detail_context(request, entry, mine=notes, conflict=conflict), status=409)
    if choice:
        return render(request, "shortlist/entry_detail.html#notes", {"entry": entry, "notes_message": "Saved."})
    if request.htmx:
        return render(request, "shortlist/entry_detail.html#notes-saved", {"entry": entry})
    messages.success(request, "Notes saved.")
    return redirect(entry)


@require_POST
@login_required
def entry_status(request, pk: int):
    entry = _entry_or_404(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Choose one of the listed statuses.", status=400)
    services.entry_status_set(entry=entry, status=form.cleaned_data["status"])
    if request.htmx and request.POST.get("return") == "board":
        return render(request, "shortlist/board.html#board", _board_context(request))
    if request.htmx:
        context = _detail_context(request, entry)
        html = render_to_string("shortlist/entry_detail.html#status", context, request=request)
        html += render_to_string("shortlist/entry_detail.html#timeline", {**context, "oob": True}, request=request)
        return HttpResponse(html)
    messages.success(request, f"{entry.researcher.name} moved to {entry.get_status_display()}.")
    return redirect(_safe_next(request, entry.get_absolute_url()))


@require_POST
@login_required
def entry_details(request, pk: int):
    entry = _entry_or_404(request, pk)
    form = DetailsForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.entry_details_update(entry=entry, **form.cleaned_data)
            saved = True
        except ShortlistError as error:
            form.add_error(None, str(error))
    if request.htmx:
        entry = _entry_or_404(request, pk)
        return render(request, "shortlist/entry_detail.html#details", {"entry": entry, "details_form": form, "details_saved": saved})
    if saved:
        messages.success(request, "Details saved.")
        return redirect(entry)
    return render(request, "shortlist/entry_detail.html", _detail_context(request, entry, details_form=form), status=400)


@require_http_methods(["GET", "POST"])
@login_required
def entry_remove(request, pk: int):
    """GET asks to confirm; POST removes and lands on the list, which offers an undo."""
    entry = _entry_or_404(request, pk)
    if request.method == "GET":
        return render(request, "shortlist/entry_remove.html", {"entry": entry})
    services.entry_remove(entry=entry)
    target = reverse("shortlist:list") + "?" + urlencode({"removed": entry.pk})
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@require_POST
@login_required
def entry_restore(request, pk: int):
    """Undo a removal."""
    entry = get_object_or_404(selectors.shortlist_entries_removed(user=request.user), pk=pk)
    services.entry_restore(entry=entry)
    messages.success(request, f"{entry.researcher.name} is back on your shortlist, with your notes.")
    return redirect(entry)


@require_POST
@login_required
def entry_row(request, pk: int):
    """Save one edited row of the table (status, priority, tags, follow-up); htmx gets the
    row's message back, a plain form post goes back to the table."""
    entry = _entry_or_404(request, pk)
    form = RowForm(request.POST)
    problem = ""
    if form.is_valid():
        try:
            services.entry_row_update(entry=entry, **form.cleaned_data)
        except ShortlistError as error:
            problem = str(error)
    else:
        problem = "; ".join(m for ms in form.errors.values() for m in ms)
    if request.htmx:
        message = problem or f"Saved at {timezone.localtime():%H:%M:%S}."
        return render(request, "shortlist/list.html#row-status", {"row_message": message, "row_error": bool(problem)})
    if problem:
        messages.error(request, f"{entry.researcher.name}: {problem}")
    else:
        messages.success(request, f"Saved {entry.researcher.name}.")
    return redirect(_safe_next(request, "shortlist:list"))


@require_POST
@login_required
def notice_read(request, pk: int):
    notice = get_object_or_404(selectors.notices_for(user=request.user), pk=pk)
    services.notice_mark_read(notice=notice)
    if request.htmx:
        return HttpResponse("")
    return redirect(_safe_next(request, "shortlist:list"))


def _site_url(request) -> str:
    """The address this request reached the site at (scheme and host, as ALLOWED_HOSTS let it
    in): links in an export open where the user is. SHORTLIST_SITE_URL is for mail sent with no
    request to go by."""
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
@login_required
def export_csv(request):
    entries = selectors.shortlist_entries(user=request.user)
    body = "\ufeff" + exports.entries_csv(entries, site_url=_site_url(request))  # BOM: Excel reads UTF-8
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="shortlist.csv"'
    response["Cache-Control"] = "private, no-store"  # private notes: no shared or disk cache keeps them
    return response


@require_GET
@login_required
def export_json(request):
    body = exports.entries_json(selectors.shortlist_entries(user=request.user), site_url=_site_url(request))
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="shortlist.json"'
    response["Cache-Control"] = "private, no-store"  # private notes: no shared or disk cache keeps them
    return response


def _import_max_bytes() -> int:
    return settings.SHORTLIST_IMPORT_MAX_BYTES


# The size limit applies while the upload streams in: a huge file is cut off at the limit, never
# written whole to a temporary file first.
@upload_size_limit(_import_max_bytes)
@require_http_methods(["GET", "POST"])
@login_required
def import_csv(request):
    # Bound on every POST: a request whose only file was cut off has empty POST and FILES.
    form = (ImportForm(request.POST, request.FILES, refused=refused_uploads(request, "file"))
            if request.method == "POST" else ImportForm())
    report, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = services.shortlist_import_csv(user=request.user, raw=form.cleaned_data["file"].read())
            except ImportFileError as error:
                form.add_error("file", str(error))
                for problem in error.problems:  # every bad cell, so one round of fixes is enough
                    form.add_error("file", problem)
                status = 400
        else:
            status = 400
    context = {"form": form, "report": report, "saved_ids": selectors.saved_researcher_ids(user=request.user)}
    return render(request, "shortlist/import.html", context, status=status)


@require_GET
@login_required
def funnel(request):
    return render(request, "shortlist/funnel.html", {"funnel": selectors.shortlist_funnel(user=request.user)})
