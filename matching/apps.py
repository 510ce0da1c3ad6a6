from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """The match index, ranking and explanations (reads the catalogue and the applicant)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "matching"

    def ready(self):
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save
        from threadpoolctl import threadpool_limits

        from applicants.models import ApplicantProfile
        from config.fragments import hole_filler_register
        from profiles.events import CatalogueChanged, subscribe

        from . import subscribers
        from .applicant import rankings_warm_after_build
        from .catalogue import match_index_after_build, match_index_invalidate
        from .holes import why_match_fill
        from .kernels import compile_kernels
        from .parallel import configure

        # The index ranks what the catalogue holds: rebuild it after every committed change.
        subscribe(CatalogueChanged, match_index_invalidate)
        # Then rank the recently active applicants against the new index, on the worker.
        match_index_after_build(rankings_warm_after_build)
        # And rank an applicant on the worker when they sign in or change their profile, so the
        # page they open next reads their ranking instead of scoring the catalogue.
        user_logged_in.connect(subscribers.signed_in, dispatch_uid="matching.ranking_warm.signed_in")
        post_save.connect(subscribers.profile_saved, sender=ApplicantProfile,
                          dispatch_uid="matching.ranking_warm.profile_saved")
        # BLAS single-threaded for the whole process; the big product is split over plain
        # threads instead, which wait rather than spin when the cores are busy (parallel.py).
        threadpool_limits(limits=1, user_api="blas")
        configure(threads=settings.MATCH_THREADS)
        hole_filler_register("why_match", why_match_fill)
        if settings.MATCH_EMBEDDING_PRELOAD:
            from .embedding import embedding_model

            # Before gunicorn forks: its workers then share these pages (numpy's buffer is never
            # written, so copy-on-write keeps one copy) instead of holding 37 MB of heap each.
            embedding_model()
            # And the ranking's compiled loops (kernels.py), made once for all of them.
            compile_kernels()
