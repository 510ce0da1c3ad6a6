"""Reads about department imports: who was added from an institution before, and how far a
job has got."""
from __future__ import annotations

from django.db.models import QuerySet

from profiles.importers import name_key
from profiles.models import DepartmentImport, DepartmentMember, Researcher


def department_known_researchers(*, source: str, institution_id: str, institution_name: str) -> dict[str, Researcher]:
    """People added before from this institution at this source, by the name key of the name
    their page showed: a re-run asks the source only about the others. A record merged into
    another stands for the one it was merged into."""
    members = DepartmentMember.objects.filter(job__source=source, researcher__isnull=False).select_related(
        "researcher", "researcher__merged_into")
    members = (members.filter(job__institution_id=institution_id) if institution_id
               else members.filter(job__institution_name=institution_name))
    known = {}
    for member in members.order_by("job_id", "position"):
        researcher = member.researcher
        while researcher.merged_into_id:
            researcher = researcher.merged_into
        known[name_key(member.name)] = researcher
    return known


def department_import_progress(*, job: DepartmentImport) -> dict:
    """How far a job got: people resolved and finished, by outcome, and whether it is over."""
    counts = {"total": 0, "resolved": 0, "imported": 0, "linked": 0, "left": 0, "failed": 0, "waiting": 0}
    for resolution, outcome in job.members.values_list("resolution", "outcome"):
        counts["total"] += 1
        counts["resolved"] += bool(resolution)
        counts[outcome or "waiting"] += 1
    finished = job.status in (DepartmentImport.Status.DONE, DepartmentImport.Status.FAILED)
    return counts | {"finished": finished, "status": job.status}


def department_imports_for(*, user) -> QuerySet[DepartmentImport]:
    """The department imports a user may follow: their own; a curator, every one."""
    jobs = DepartmentImport.objects.select_related("page", "created_by").order_by("-created_at")
    return jobs if user.is_staff else jobs.filter(created_by=user)
