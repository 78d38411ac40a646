-- Full-text index of lessons and glossary terms, one row per (reader's language, document).
-- Text is accent-folded before indexing and searching (no unaccent extension needed); each
-- language uses its own stemming configuration.
CREATE TABLE lesson_search (
    locale TEXT NOT NULL CHECK (locale IN ('es', 'pt', 'en')),
    course TEXT NOT NULL,
    episode TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    doc TSVECTOR NOT NULL
);
CREATE INDEX lesson_search_doc ON lesson_search USING GIN (doc);
CREATE INDEX lesson_search_locale ON lesson_search (locale);
