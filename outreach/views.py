"""Outreach pages: templates with a live preview, drafting, a draft's history and exports, and
bulk drafting with progress."""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applicants.selectors import applicant_profile_for
from config.ratelimit import rate_limit
from profiles.selectors import researchers_visible, researchers_visible_to
from shortlist.models import Status
from shortlist.selectors import shortlist_entries

from . import services
from .context import FIELD_BUTTONS, FIELDS_HELP
from .exceptions import OutreachError
from .grounding import cv_claim
from .mail import contact_address, draft_message, mailto_link
from .plain_templates import DEFAULT_SUBJECT, PART_KEYS, PARTS, PlainTemplateError, default_parts, \
    jinja_to_plain, jinja_to_plain_subject, plain_to_jinja, subject_to_jinja
from .plain_templates import FIELDS as PLAIN_FIELDS
from .sandbox import TemplateProblem
from .selectors import (
    bulk_jobs_for,
    draft_latest,
    drafts_for,
    entries_due_follow_up,
    entry_for_researcher,
    follow_up_due,
    swap_candidates,
    templates_for,
)


def _researchers_for_preview(user):
    """The researchers a template can be previewed against: the user's shortlist first."""
    saved = [e.researcher for e in shortlist_entries(user=user)[:100]]
    return saved or list(researchers_visible()[:100])


def _entry(user, pk):
    try:
        return get_object_or_404(shortlist_entries(user=user), pk=int(pk))
    except (ValueError, TypeError):
        raise Http404("No such shortlist entry.") from None


def _researcher(user, pk):
    try:
        return get_object_or_404(researchers_visible_to(user=user), pk=int(pk))
    except (ValueError, TypeError):
        raise Http404("No such researcher.") from None


# --- templates --------------------------------------------------------------------------------


@login_required
@require_GET
def template_list(request):
    return render(request, "outreach/templates_list.html", {
        "defaults": services.DEFAULT_TEMPLATES,
        "templates": templates_for(user=request.user),
        "drafts": drafts_for(user=request.user)[:10],
        "jobs": bulk_jobs_for(user=request.user)[:5],
        "template_choices": services.template_choices(user=request.user),
        "follow_ups": entries_due_follow_up(user=request.user),
        "statuses": _statuses(),
    })


def _statuses():

    return Status.choices


class TemplateForm(forms.Form):
    name = forms.CharField(max_length=100)
    subject_source = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    body_source = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 18, "wrap": "off", "data-line-numbers": "", "spellcheck": "false"}),
        max_length=20000)


PLAIN, JINJA = "plain", "jinja"


def _from_plain(post) -> tuple[dict, str]:
    """The posted data with the plain editor's parts turned into the Jinja sources, and the
    problem ("" for none) when a part cannot be turned into a template."""
    data = post.copy()
    try:
        data["subject_source"] = subject_to_jinja(post.get("subject_plain", ""))
        data["body_source"] = plain_to_jinja({key: post.get(f"part_{key}", "") for key in PART_KEYS})
    except PlainTemplateError as exc:
        return data, str(exc)
    return data, ""


def _plain_initial(subject_source: str, body_source: str) -> dict | None:
    """The plain editor's fields for these sources, or None when the Jinja says more than the
    parts can (then it is edited as Jinja)."""
    parts, subject = jinja_to_plain(body_source), jinja_to_plain_subject(subject_source)
    if parts is None or subject is None:
        return None
    return {"subject_plain": subject, **{f"part_{key}": value for key, value in parts.items()}}


def _plain_fields(values: dict) -> list[dict]:
    return [{"key": part.key, "name": f"part_{part.key}", "label": part.label, "help": part.help,
             "value": values.get(f"part_{part.key}", "")} for part in PARTS]


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, pk=None):
    """Write a template in plain parts with field chips (the Jinja is written for you), or as
    Jinja (the advanced view, with line numbers)."""
    tpl = get_object_or_404(templates_for(user=request.user), pk=pk) if pk else None
    plain_problem = ""
    if request.method == "POST":
        mode = PLAIN if request.POST.get("mode") == PLAIN else JINJA
        data, plain_problem = _from_plain(request.POST) if mode == PLAIN else (request.POST, "")
        form = TemplateForm(data)
        plain_values = {k: v for k, v in request.POST.items() if k.startswith("part_") or k == "subject_plain"}
        if plain_problem:
            form.is_valid()
            form.add_error(None, plain_problem)
        elif form.is_valid():
            try:
                tpl = services.template_save(user=request.user, template=tpl, **form.cleaned_data)
            except (TemplateProblem, OutreachError) as exc:
                form.add_error(None, _message(exc))
            else:
                messages.success(request, f"Template “{tpl.name}” saved.")
                return redirect("outreach:templates")
        plain_possible = mode == PLAIN or _plain_initial(data.get("subject_source", ""),
                                                         data.get("body_source", "")) is not None
    else:
        base = request.GET.get("from", "")
        if tpl is not None:
            subject, body, name = tpl.subject_source, tpl.body_source, tpl.name
        elif base:
            start = services.default_template(base if base in services.DEFAULT_TEMPLATES else "first_contact")
            subject, body, name = start.subject, start.body, f"My {start.name.lower()}"
        else:  # a new template starts in plain words
            subject = subject_to_jinja(DEFAULT_SUBJECT)
            body, name = plain_to_jinja(default_parts()), "My first contact"
        plain_values = _plain_initial(subject, body)
        plain_possible = plain_values is not None
        asked = request.GET.get("mode")
        mode = PLAIN if (asked == PLAIN or (asked != JINJA and plain_possible)) else JINJA
        if mode == PLAIN and not plain_possible:
            # Asked for the plain editor on Jinja it cannot show: start it from the standard parts.
            plain_values = _plain_initial(subject_to_jinja(DEFAULT_SUBJECT), plain_to_jinja(default_parts()))
        form = TemplateForm(initial={"name": name, "subject_source": subject, "body_source": body})
    return render(request, "outreach/template_edit.html", {
        "form": form, "template": tpl, "researchers": _researchers_for_preview(request.user),
        "fields_help": FIELDS_HELP, "field_buttons": FIELD_BUTTONS, "mode": mode,
        "plain_possible": plain_possible, "plain_parts": _plain_fields(plain_values or {}),
        "subject_plain": (plain_values or {}).get("subject_plain", ""), "plain_chips": PLAIN_FIELDS,
        "body_lines": range(1, (form["body_source"].value() or "").count("\n") + 2),
    })


@login_required
@require_POST
@rate_limit("template-preview", setting="RATELIMIT_TEMPLATE_PREVIEW")
def template_preview(request):
    """Render the template being edited against a chosen researcher (htmx, as you type)."""
    context = {"problem": None, "rendered": None, "notice": None}
    try:
        researcher = _researcher(request.user, request.POST.get("researcher"))
    except Http404:
        # Not an error in the template: there is just nobody to render it for yet.
        context["notice"] = ("No researcher to preview against yet: pick one, or save someone to your shortlist. "
                             "You can still write and save the template.")
    else:
        entry = entry_for_researcher(user=request.user, researcher=researcher)
        data, plain_problem = _from_plain(request.POST) if request.POST.get("mode") == PLAIN else (request.POST, "")
        source = services.TemplateSource(
            "preview", "preview", data.get("subject_source", ""), data.get("body_source", "")
        )
        try:
            if plain_problem:
                raise OutreachError(plain_problem)
            # The same check Save runs, so a template that previews cleanly also saves.
            services.template_check(subject_source=source.subject, body_source=source.body)
            context["rendered"] = services.draft_render(
                user=request.user, researcher=researcher, template=source, entry=entry
            )
        except (TemplateProblem, OutreachError) as exc:
            context["problem"] = _message(exc)
            context["line"] = getattr(exc, "line", None)
    return render(request, "outreach/template_edit.html#preview", context)


@login_required
@require_POST
def template_delete(request, pk):
    tpl = get_object_or_404(templates_for(user=request.user), pk=pk)
    services.template_delete(template=tpl)
    messages.success(request, f"Template “{tpl.name}” deleted. Drafts made with it keep their copy.")
    return redirect("outreach:templates")


def _message(exc) -> str:
    return exc.display() if isinstance(exc, TemplateProblem) else getattr(exc, "message", str(exc))


# --- drafts -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("draft-polish", setting="RATELIMIT_OUTSIDE_SERVICE", only_if="OUTREACH_LLM_URL")
def draft_new(request):
    """Pick a template for one researcher (or shortlist entry) and generate the draft."""
    params = request.POST if request.method == "POST" else request.GET
    entry = _entry(request.user, params["entry"]) if params.get("entry") else None
    if entry is not None:
        researcher = entry.researcher
    elif params.get("researcher"):
        researcher = _researcher(request.user, params["researcher"])
        # From the researcher page: use the user's shortlist entry (and its hook) if there is one.
        entry = entry_for_researcher(user=request.user, researcher=researcher)
    else:
        raise Http404("Say which researcher to write to.")
    due = follow_up_due(entry)
    choices = services.template_choices(user=request.user)
    chosen = params.get("template") or ("default:follow_up" if due else "default:first_contact")
    error = services.hidden_message(researcher) if researcher.hidden else None
    template_problem = None
    if request.method == "POST" and error is None:
        try:
            count = min(3, max(1, int(params.get("paper_count") or 2)))
        except ValueError:
            count = 2
        try:
            draft = services.draft_create(
                user=request.user, researcher=researcher, entry=entry, template_key=chosen, paper_count=count
            )
        except TemplateProblem as exc:
            # The user's own template (saved before templates were checked on save) cannot draft
            # for this researcher: say so and link to the fix; the request itself was fine.
            template_problem = _message(exc)
        except OutreachError as exc:
            error = _message(exc)
        else:
            return redirect(draft)
    kind, _, pk = chosen.partition(":")
    return render(request, "outreach/draft_new.html", {
        "researcher": researcher, "entry": entry, "follow_up_due": due, "choices": choices,
        "chosen": chosen, "error": error, "template_problem": template_problem,
        "template_pk": int(pk) if kind == "user" and pk.isdigit() else None,
        "has_earlier_draft": services.follow_up_original(user=request.user, researcher=researcher) is not None,
    }, status=400 if error else 200)


def _marked_segments(body: str, flags: list[dict]):
    """The body cut into (text, flag) pieces so flagged spans can be shown in place."""
    spans = sorted((f for f in flags if f.get("span")), key=lambda f: f["span"][0])
    out, pos = [], 0
    for f in spans:
        start, end = f["span"]
        if start < pos or end > len(body):
            continue
        out.append((body[pos:start], None))
        out.append((body[start:end], f))
        pos = end
    out.append((body[pos:], None))
    return out


@login_required
@require_GET
def draft_detail(request, pk):
    draft = get_object_or_404(drafts_for(user=request.user), pk=pk)
    versions = list(draft.versions.order_by("number"))
    latest = versions[-1]
    profile = applicant_profile_for(request.user)
    # A researcher a curator hid shows nothing of theirs here: no address, no papers to swap in.
    hidden = draft.researcher.hidden
    closest, others = ([], []) if hidden else swap_candidates(
        draft=draft, profile=profile, cited={p["paper_id"] for p in latest.papers})
    to = "" if hidden else contact_address(draft.researcher)
    return render(request, "outreach/draft_detail.html", {
        "draft": draft, "latest": latest, "versions": versions,
        "hidden_notice": services.hidden_message(draft.researcher) if hidden else None,
        "segments": _marked_segments(latest.body, latest.flags),
        "closest_papers": closest, "other_papers": others, "to": to,
        "mailto": mailto_link(to=to, subject=latest.subject, body=latest.body),
        "follow_up_due": follow_up_due(draft.entry),
        "problems": [f for f in latest.flags if f.get("severity") == "error"],
        "cv_attached": bool(profile and profile.cv_file and cv_claim(latest.body)),
    })


@login_required
@require_POST
def draft_edit(request, pk):
    draft = get_object_or_404(drafts_for(user=request.user), pk=pk)
    try:
        services.draft_edit(draft=draft, subject=request.POST.get("subject", ""), body=request.POST.get("body", ""))
    except OutreachError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Saved as a new version; the generated text is kept in the history.")
    return redirect(draft)


@login_required
@require_POST
def draft_swap(request, pk):
    draft = get_object_or_404(drafts_for(user=request.user), pk=pk)
    try:
        services.draft_swap_paper(
            draft=draft, old_paper_id=int(request.POST.get("old", "0")), new_paper_id=int(request.POST.get("new", "0"))
        )
    except ValueError:
        messages.error(request, "Pick the paper to replace and the paper to use instead.")
    except (TemplateProblem, OutreachError) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, "Paper swapped: the draft was generated again with it.")
    return redirect(draft)


@login_required
@require_GET
def draft_eml(request, pk):
    """The latest version as a .eml file the user opens in their own mail client."""
    draft = get_object_or_404(drafts_for(user=request.user), pk=pk)
    latest = draft_latest(draft)
    profile = applicant_profile_for(request.user)
    try:
        msg = draft_message(
            subject=latest.subject, body=latest.body,
            to="" if draft.researcher.hidden else contact_address(draft.researcher),
            sender_name=(profile.full_name if profile else "") or request.user.get_full_name(),
            sender_address=request.user.email,
            cv=profile.cv_file if profile and profile.cv_file else None,
            cv_filename=profile.cv_filename if profile else "",
        )
    except OutreachError as exc:
        messages.error(request, exc.message)
        return redirect(draft)
    response = HttpResponse(msg.as_bytes(), content_type="message/rfc822")
    name = slugify(f"draft-{draft.researcher.name}-v{latest.number}") or "draft"
    response["Content-Disposition"] = f'attachment; filename="{name}.eml"'
    response["Cache-Control"] = "private, no-store"  # a private draft: no shared or disk cache keeps it
    return response


@login_required
@require_GET
def draft_list(request):
    return render(request, "outreach/draft_list.html", {"drafts": drafts_for(user=request.user)[:200]})


# --- bulk -------------------------------------------------------------------------------------


@login_required
@require_POST
def bulk_new(request):
    try:
        job = services.bulk_job_create(
            user=request.user, entry_status=request.POST.get("status", ""),
            template_key=request.POST.get("template", ""),
        )
    except (TemplateProblem, OutreachError) as exc:
        messages.error(request, _message(exc))
        return redirect("outreach:templates")
    return redirect(job)


@login_required
@require_GET
def bulk_detail(request, pk):
    job = get_object_or_404(bulk_jobs_for(user=request.user), pk=pk)
    context = {"job": job, "drafts": job.drafts.select_related("researcher").order_by("researcher__name")}
    if request.htmx:
        return render(request, "outreach/bulk_detail.html#progress", context)
    return render(request, "outreach/bulk_detail.html", context)


@login_required
@require_POST
def bulk_resume(request, pk):
    job = get_object_or_404(bulk_jobs_for(user=request.user), pk=pk)
    try:
        services.bulk_job_resume(job=job)
    except OutreachError as exc:
        messages.error(request, exc.message)
    return redirect(job)
