-- The movement listing's filter combinations that 0007 left to a slow plan (bench/budget/list_pages.sh,
-- at 1,000,000 movements; docs/performance.md "List pages"):
-- * a budget type and a supplier together: PostgreSQL intersected the type's 50,000 rows with the
--   supplier's 2,000 (a BitmapAnd, 13-20 ms, in the count and again in the page);
-- * a supplier in document-number order: the planner intersected the supplier's rows with the range of
--   the document-number index after the cursor (94,000 rows, 17 ms for a deep page);
-- * a budget type with a range of dates, in id or document-number order: it walked the primary key or the
--   document-number index and read each row from the table to test the type and the dates (4-8 ms).
--   With the date as a trailing key column, the dates are tested inside the index and only the rows
--   that match are read from the table; the two type indexes that gain it are rebuilt in place.
-- Built inside the migration's transaction (about 1.5 s per index at 1,000,000 movements), during which
-- writes to movements wait (docs/deploy.md, upgrades).
CREATE INDEX movements_supplier_type_id ON movements (supplier_id, budget_type_id, id);
CREATE INDEX movements_supplier_document ON movements (supplier_id, document_number, id);
CREATE INDEX movements_type_document ON movements (budget_type_id, document_number, id, date_of_emission);
DROP INDEX movements_type_id;
CREATE INDEX movements_type_id ON movements (budget_type_id, id, date_of_emission);
DROP INDEX movements_type_status_id;
CREATE INDEX movements_type_status_id ON movements (budget_type_id, status, id, date_of_emission);
