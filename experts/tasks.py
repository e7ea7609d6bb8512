"""Background jobs of the experts app."""

from celery import shared_task

from wcocb.audit import actor


@shared_task(name="experts.tasks.refresh_all_commitments")
def refresh_all_commitments() -> int:
    """Recompute the stored release-commitment columns of every expert (repairs rows written
    behind the services' back, e.g. by a raw SQL fix). Returns how many experts were refreshed."""
    from experts.models import Expert
    from experts.services.commitment import refresh_commitment

    count = 0
    with actor(None):
        for expert in Expert.objects.only("pk").iterator(chunk_size=500):
            refresh_commitment(expert)
            count += 1
    return count
