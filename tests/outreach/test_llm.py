"""Optional polish: off by default; an answer citing anything not theirs is rejected back to
the template version with the reason. The model is a stub HTTP server on 127.0.0.1."""
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from outreach.services import draft_create


@pytest.fixture
def llm_stub(settings):
    replies = []
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            seen.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            body = json.dumps({"choices": [{"message": {"content": replies.pop(0)}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    settings.OUTREACH_LLM_URL = f"http://127.0.0.1:{server.server_port}/v1"
    yield replies, seen
    server.shutdown()
    server.server_close()


def test_polish_is_off_by_default(applicant, researcher):
    draft = draft_create(user=applicant, researcher=researcher, template_key="default:first_contact")
    assert [v.source for v in draft.versions.all()] == ["generated"]


def test_a_grounded_polish_becomes_a_new_version(applicant, researcher, llm_stub):
    replies, seen = llm_stub
    replies.append("Dear Professor Okafor,\n\nYour Sparse Attention for Long Context Transformers paper is superb.\n\nAda Lovelace")
    draft = draft_create(user=applicant, researcher=researcher, template_key="default:first_contact")
    assert [v.source for v in draft.versions.order_by("number")] == ["generated", "polished"]
    sent = seen[0]["messages"][1]["content"]
    assert "Sparse Attention" in sent and "cv_text" not in sent  # only the grounded context goes out


def test_a_polish_citing_an_invented_paper_is_rejected_with_the_reason(applicant, researcher, llm_stub):
    replies, _ = llm_stub
    replies.append('Dear Professor Okafor,\n\nI loved "Quantum Widgets for Everyone Everywhere".\n\nAda Lovelace')
    draft = draft_create(user=applicant, researcher=researcher, template_key="default:first_contact")
    versions = list(draft.versions.all())
    assert [v.source for v in versions] == ["generated"]
    draft.refresh_from_db()
    assert "rejected" in draft.polish_note and "Quantum Widgets" in draft.polish_note
