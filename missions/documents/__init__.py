"""Documents the missions app renders: the release letter PDF (:mod:`missions.documents.release_letter`)."""
