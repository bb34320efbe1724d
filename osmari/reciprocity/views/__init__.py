"""The reciprocity model's pages, one module per part: the benefit catalogue and the benefits
agreed, events and trainings, the responsibility profile and its documents, local subsidies,
and the public pages that need no login."""
