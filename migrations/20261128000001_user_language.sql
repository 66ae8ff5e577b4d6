-- The language each person chose for the portal ('en' or 'es'); NULL until they choose,
-- and their browser's language is used meanwhile.
ALTER TABLE users ADD COLUMN language TEXT;
