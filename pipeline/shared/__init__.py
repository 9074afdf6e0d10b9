"""Parts every stage and extractor may use: the article context, rules loading, line tables, record bytes."""
