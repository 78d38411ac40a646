-- Full-text index of lessons and glossary terms, one row per (reader's language, document).
-- Text is accent-folded before indexing and searching, and unicode61 folds diacritics too,
-- so "clúster" finds "cluster".
CREATE VIRTUAL TABLE lesson_search USING fts5(
    locale UNINDEXED,
    course UNINDEXED,
    episode UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
