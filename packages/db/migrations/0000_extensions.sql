-- Trigram indexes back the case-insensitive substring search over companies.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
