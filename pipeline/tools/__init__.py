"""Tools around the records: evaluation against gold."""
