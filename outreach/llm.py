"""Optional polish of a rendered draft by a language model behind an OpenAI-compatible
endpoint. Off unless settings.OUTREACH_LLM_URL is set; the app is complete without it.

The model is given only the grounded context (the same plain data the template saw) and the
draft; what it returns is checked like any draft before it is kept (see services.draft_polish).
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings

SYSTEM_PROMPT = (
    "You edit a prospective PhD student's email to a professor for tone: warm, concise, "
    "specific, 150-250 words. Keep every fact as given. Mention only papers listed in the "
    "context, with their exact titles. Do not invent papers, results, names or quotes. "
    "Return only the email body as plain text."
)


class LLMError(Exception):
    """The polish could not be done (not configured, unreachable, bad answer)."""


def polish_text(*, subject: str, body: str, context: dict) -> str:
    url = settings.OUTREACH_LLM_URL
    if not url:
        raise LLMError("no language model is configured")
    payload = {
        "model": settings.OUTREACH_LLM_MODEL,
        "temperature": 0.3,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": (
                "Context (the only facts you may use):\n" + json.dumps(context, ensure_ascii=False)
                + f"\n\nSubject: {subject}\n\nDraft:\n{body}"
            )},
        ],
    }
    headers = {"Content-Type": "application/json"}
    key = settings.OUTREACH_LLM_API_KEY
    if key:
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(
        url.rstrip("/") + "/chat/completions", data=json.dumps(payload).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.OUTREACH_LLM_TIMEOUT) as resp:
            data = json.loads(resp.read(1_000_000).decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise LLMError(f"the language model could not be reached ({exc})") from None
    try:
        text = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise LLMError("the language model's answer had no text") from None
    if not isinstance(text, str) or not text.strip():
        raise LLMError("the language model returned an empty text")
    return text.strip()
