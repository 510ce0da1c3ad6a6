"""The catalogue: researchers, their papers, the raw captures they came from, and the
applicant's own profile."""
from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse


class TakingStudents(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"


class Researcher(models.Model):
    """A faculty member. Import fills most fields; a field a curator edits by hand is named in
    ``locked_fields`` and later imports leave it alone."""

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=320, unique=True)
    # anyascii, lower-case, letters only: how imports find an existing researcher by name.
    name_key = models.CharField(max_length=300, db_index=True)
    title = models.TextField(blank=True)
    affiliation = models.CharField(max_length=300, blank=True, db_index=True)
    department = models.CharField(max_length=300, blank=True)
    about = models.TextField(blank=True)
    active_from = models.PositiveSmallIntegerField(null=True, blank=True)
    active_to = models.PositiveSmallIntegerField(null=True, blank=True)
    topics = models.JSONField(default=list, blank=True)
    h_index = models.PositiveIntegerField(null=True, blank=True)
    citations = models.PositiveIntegerField(null=True, blank=True)
    paper_count = models.PositiveIntegerField(null=True, blank=True)
    novelty_pct = models.PositiveSmallIntegerField(null=True, blank=True)
    ai_score = models.PositiveSmallIntegerField(null=True, blank=True)
    coauthors = models.JSONField(default=list, blank=True)  # [{"name", "shared_papers", "affiliation"}]
    education = models.JSONField(default=list, blank=True)  # [{"degree", "institution"}]
    awards = models.JSONField(default=list, blank=True)
    labs = models.TextField(null=True, blank=True)
    # Curation
    locked_fields = models.JSONField(default=list, blank=True)
    hidden = models.BooleanField(default=False, db_index=True)
    # An applicant's addition (from a scholarly source) is a proposal: shown only to them and
    # to curators until a curator publishes it (the admin's "awaiting publication" queue). A
    # curator's own additions, imports and the commands are published at once.
    published = models.BooleanField(default=True, db_index=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )
    # A researcher merged into another is kept (nothing is lost) but points at the survivor.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    taking_students = models.CharField(
        max_length=10, choices=TakingStudents.choices, default=TakingStudents.UNKNOWN
    )
    # Where they said it: a web address only (shown as a link) and, apart, what a curator
    # adds about it ("said at the open day", "email to me"), shown as text.
    taking_students_source = models.URLField(
        max_length=500, blank=True, validators=[URLValidator(schemes=["http", "https"])],
        help_text="The web page that says it (http or https), if there is one.")
    taking_students_note = models.CharField(
        max_length=500, blank=True,
        help_text="Where else it was said, or what the page says, e.g. “email to the curator”.")
    taking_students_on = models.DateField(null=True, blank=True)
    # The address a curator checked for writing to them: outreach's To and mailto: use it.
    # Not an imported field, so no import overwrites it.
    contact_email = models.EmailField(blank=True, help_text="The address applicants should write to.")
    contact_instructions = models.TextField(blank=True)
    contact_instructions_source = models.CharField(max_length=500, blank=True)
    contact_instructions_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The directory's sort keys, kept by the services that change papers and authorships
    # (researcher_paper_stats_refresh): counting every researcher's papers per page cost a second.
    listed_paper_count = models.PositiveIntegerField(default=0, editable=False)
    newest_paper_on = models.DateField(null=True, blank=True, editable=False)

    # Fields an import may write; everything else belongs to curators.
    IMPORTED_FIELDS = (
        "name", "title", "affiliation", "department", "about", "active_from", "active_to",
        "topics", "h_index", "citations", "paper_count", "novelty_pct", "ai_score",
        "coauthors", "education", "awards", "labs",
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            # The directory's sorts; "newest paper" (NULLS LAST) is made per database in migration 0011.
            models.Index(fields=["name", "id"], name="researcher_by_name"),
            models.Index(models.F("listed_paper_count").desc(), "name", "id", name="researcher_by_paper_count"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("profiles:researcher_detail", kwargs={"slug": self.slug})


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month (the 1st stands for the month)"
    YEAR = "year", "Year (January 1st stands for the year)"


class Paper(models.Model):
    """One paper, however many captures and researchers list it: the same paper when an
    identifier says so (arXiv id, DOI), else by title unless the title is generic."""

    title = models.TextField()
    title_key = models.CharField(max_length=500, db_index=True)
    # What an import first stored the paper under ("arxiv:…", "doi:…", "title:…"): unique, so
    # two imports racing to store one paper store it once. None for papers made by hand.
    identity_key = models.CharField(max_length=600, unique=True, null=True, blank=True)
    arxiv_id = models.CharField(max_length=40, blank=True)  # without its version
    doi = models.CharField(max_length=200, blank=True)  # lower-case, no resolver
    date = models.DateField(null=True, blank=True, db_index=True)
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    venues = models.JSONField(default=list, blank=True)
    kind = models.CharField(max_length=100, blank=True)
    open_access = models.BooleanField(null=True, blank=True)
    abstract = models.TextField(blank=True)
    # False when only a preview was ever copied ("▽ More"): a complete one replaces it.
    abstract_complete = models.BooleanField(default=False)
    authors = models.JSONField(default=list, blank=True)
    author_count = models.PositiveIntegerField(null=True, blank=True)
    # False when the list was cut ("et al.") or never shown: a complete one replaces it.
    authors_complete = models.BooleanField(default=False)
    comments = models.TextField(blank=True)  # arXiv's "Comments:" (pages, venue, errata)
    categories = models.JSONField(default=list, blank=True)
    has_code = models.BooleanField(default=False)
    orgs = models.JSONField(default=list, blank=True)
    locked_fields = models.JSONField(default=list, blank=True)
    hidden = models.BooleanField(default=False, db_index=True)
    researchers = models.ManyToManyField(Researcher, through="Authorship", related_name="papers")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    IMPORTED_FIELDS = (
        "title", "date", "date_precision", "arxiv_id", "doi", "venues", "kind", "open_access", "abstract",
        "abstract_complete", "authors", "author_count", "authors_complete", "comments", "categories",
        "has_code", "orgs",
    )

    class Meta:
        ordering = ["-date", "title"]
        # Most papers have no identifier: index only those that do (an import writes fewer pages;
        # lookups say "not empty" too, so both SQLite and PostgreSQL use these).
        indexes = [
            models.Index(fields=["arxiv_id"], condition=~models.Q(arxiv_id=""), name="paper_arxiv_id_given"),
            models.Index(fields=["doi"], condition=~models.Q(doi=""), name="paper_doi_given"),
        ]

    def __str__(self) -> str:
        return self.title


class AuthorshipBasis(models.TextChoices):
    OWN_PROFILE = "own_profile", "The researcher's own profile page lists it"
    AUTHOR_LIST = "author_list", "The researcher is in its author list"
    CURATOR = "curator", "A curator confirmed it"
    UNCHECKED = "", "Attached before authorship was checked"


class Authorship(models.Model):
    """A researcher is an author of a paper, as some capture said, and on what grounds."""

    # No index of their own: the pair's two indexes below lead with each (one index fewer to
    # write per authorship an import adds, and a paper's authors read from the index alone).
    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="authorships", db_index=False)
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="authorships", db_index=False)
    source = models.ForeignKey(
        "Capture", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    basis = models.CharField(max_length=20, choices=AuthorshipBasis.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["researcher", "paper"], name="one_authorship_per_pair")
        ]
        # Paper first: a search's matching papers to their authors without reading the table
        # (a common two-word search maps ~8,000 papers to ~6,000 researchers at 10,000 of them).
        indexes = [models.Index(fields=["paper", "researcher"], name="authorship_paper_researcher")]


class CaptureOutcome(models.TextChoices):
    QUEUED = "queued", "Queued for import"
    IMPORTED = "imported", "Imported"
    AWAITING_ASSIGNMENT = "awaiting_assignment", "Awaiting assignment"
    AMBIGUOUS = "ambiguous", "Ambiguous subject"
    NEEDS_REVIEW = "needs_review", "Needs review (the parse looked wrong)"
    FAILED = "failed", "Failed"


class Capture(models.Model):
    """A raw capture exactly as the user gave it (bytes and hash), with what became of it.
    Any profile can be rebuilt from its captures."""

    sha256 = models.CharField(max_length=64, unique=True)
    raw = models.BinaryField()
    encoding = models.CharField(max_length=40)
    filename = models.CharField(max_length=500, blank=True)
    layout = models.CharField(max_length=20, db_index=True)
    captured_on = models.DateField(db_index=True)
    researcher = models.ForeignKey(
        Researcher, null=True, blank=True, on_delete=models.SET_NULL, related_name="captures"
    )
    outcome = models.CharField(max_length=30, choices=CaptureOutcome.choices, db_index=True)
    outcome_detail = models.TextField(blank=True)
    # What the capture itself said, kept to spot sources that disagree.
    parsed_name = models.CharField(max_length=300, blank=True)
    parsed_affiliation = models.CharField(max_length=300, blank=True)
    candidates = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    # Entries (1-based, in page order) a curator confirmed as the researcher's own, for pages
    # that list no author names: they are attached on the curator's word, kept for re-imports.
    confirmed_entries = models.JSONField(default=list, blank=True)
    # A curator looked at a capture kept for review and chose to import it anyway: re-imports
    # keep importing it, and its warnings stay on it for whoever reads it next.
    review_accepted = models.BooleanField(default=False)
    paper_total = models.PositiveIntegerField(default=0)
    papers_added = models.PositiveIntegerField(default=0)
    papers_updated = models.PositiveIntegerField(default=0)
    papers_unchanged = models.PositiveIntegerField(default=0)
    # Times a worker started importing it (counted before the import runs): a capture that
    # keeps stopping its worker is marked failed after CELERY_TASK_MAX_ATTEMPTS.
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    # A response fetched from a scholarly API: where it came from and its cache validators.
    source_url = models.URLField(max_length=2000, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-captured_on", "-created_at"]

    def __str__(self) -> str:
        who = self.researcher.name if self.researcher_id else "unassigned"
        return f"{self.layout} capture of {who} ({self.captured_on})"


class CatalogueVersion(models.Model):
    """One row: a number raised in the same transaction as every catalogue write.

    Readers that cache what they derive from the catalogue (the match index, page caches) key
    it on this number: one primary-key read tells them whether anything changed."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="catalogue_version_single_row")]

    def __str__(self) -> str:
        return f"Catalogue version {self.number}"


class ReimportJob(models.Model):
    """A background re-import of several researchers, with progress the admin can watch."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Re-import of {self.total} researcher(s) at {self.created_at:%Y-%m-%d %H:%M}"


class ReimportJobItem(models.Model):
    """One researcher of a re-import job; its status flips once, whoever runs it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    job = models.ForeignKey(ReimportJob, on_delete=models.CASCADE, related_name="items")
    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    detail = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Times a worker started it, as Capture.attempts.
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "researcher"], name="one_item_per_researcher_per_job")
        ]


class SourceKind(models.TextChoices):
    OPENALEX = "openalex", "OpenAlex"
    ARXIV = "arxiv", "arXiv"
    S2 = "s2", "Semantic Scholar"
    ORCID = "orcid", "ORCID"
    DBLP = "dblp", "DBLP"


class SourceOutcome(models.TextChoices):
    NEVER = "never", "Never fetched"
    UPDATED = "updated", "Fetched"
    NOT_MODIFIED = "not_modified", "Not modified"
    UNREACHABLE = "unreachable", "Could not be reached"
    FAILED = "failed", "Failed"


class SourceLink(models.Model):
    """A researcher's profile at a scholarly source (their OpenAlex author, ORCID iD …),
    re-fetched on a schedule. Every fetched response is stored as a Capture."""

    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="source_links")
    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    external_id = models.CharField(max_length=300)
    # Cache validators per URL fetched: {url: {"etag": …, "last_modified": …}}.
    validators = models.JSONField(default=dict, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=20, choices=SourceOutcome.choices, default=SourceOutcome.NEVER)
    last_detail = models.TextField(blank=True)
    failures = models.PositiveSmallIntegerField(default=0)  # in a row, for the retry back-off
    next_refresh_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "external_id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "external_id"], name="one_link_per_source_profile")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.external_id}"


class WorkerHeartbeat(models.Model):
    """When each background worker last said it was alive: progress pages tell "waiting for a
    running worker" from "no worker is running" by it, not by guessing from queued work."""

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.hostname} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class UnsentWork(models.Model):
    """A send to the task queue that failed (the broker stalled or down) after its work was
    committed: the work shows queued with no message for a worker. A periodic task re-sends
    the queued work once the broker answers, and clears these (services/workers.py)."""

    task = models.CharField(max_length=200)
    failed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.task} at {self.failed_at:%Y-%m-%d %H:%M:%S}"


class DepartmentImport(models.Model):
    """A department's faculty page resolved person by person at a scholarly source and
    imported; the page itself is kept as a capture, the people's provenance."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    page = models.ForeignKey(Capture, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=20, choices=SourceKind.choices)
    institution_query = models.CharField(max_length=300)  # as the user typed it
    institution_id = models.CharField(max_length=300, blank=True)  # the source's id, once found
    institution_name = models.CharField(max_length=300, blank=True)
    department = models.CharField(max_length=300, blank=True)  # as the page names it
    roles = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    detail = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the run holding the job last claimed or renewed it (department_run, person by person):
    # a worker's run is cut off at the task time limit, so a claim older than that was left by a
    # worker that died, and another may take the job.
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        where = self.institution_name or self.institution_query
        return f"{self.department or 'Department'} at {where} ({self.created_at:%Y-%m-%d %H:%M})"


class DepartmentMember(models.Model):
    """One person of a department page, what the source said of them and what became of them."""

    class Resolution(models.TextChoices):
        PENDING = "", "Not resolved yet"
        SURE = "sure", "One profile at the institution"
        NEEDS_CHOICE = "needs_choice", "Needs a choice"
        NOT_FOUND = "not_found", "Not found"
        UNREACHABLE = "unreachable", "Source not reached"
        KNOWN = "known", "Already added from this institution"

    class Outcome(models.TextChoices):
        PENDING = "", "Waiting"
        IMPORTED = "imported", "Imported"
        LINKED = "linked", "Already in the catalogue: linked"
        LEFT = "left", "Left for a curator"
        FAILED = "failed", "Failed"

    job = models.ForeignKey(DepartmentImport, on_delete=models.CASCADE, related_name="members")
    position = models.PositiveIntegerField()  # page order, from 1
    name = models.CharField(max_length=300)
    title = models.CharField(max_length=500, blank=True)
    role = models.CharField(max_length=20, blank=True)
    email = models.CharField(max_length=254, blank=True)
    research = models.JSONField(default=list, blank=True)
    homepage = models.CharField(max_length=2000, blank=True)
    section = models.CharField(max_length=300, blank=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)
    # [{"id", "name", "affiliation", "paper_count"}]: the profiles to choose from.
    candidates = models.JSONField(default=list, blank=True)
    chosen_id = models.CharField(max_length=300, blank=True)
    search_response = models.BinaryField(blank=True, default=b"")  # as the source sent it
    researcher = models.ForeignKey(Researcher, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="department_listings")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, db_index=True)
    detail = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="one_member_per_page_position")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_resolution_display().lower()})"
