-- Semicolons; 'quotes', "identifiers", a backslash \ and UTF-8 (€) survive embedding byte for byte.
ALTER TABLE widgets ADD COLUMN note TEXT;
COMMENT ON COLUMN widgets.note IS 'free text; may be NULL — "€"';
