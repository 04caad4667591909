-- 1,000,000 movements spread over the bench subtype/type/supplier and 24 months, for the listing p99.
INSERT INTO movements (id, kind, status, document_number, date_of_emission, description, value_without_iva,
    iva_rate, iva_value, total_value, booked_amount, supplier_id, budget_type_id, budget_subtype_id, created_by)
SELECT gen_random_uuid(), 'DEBIT', (ARRAY['ACCEPTED','PROCESSING','CANCELED','FAILED'])[1 + g % 4],
       'GEN-' || g, DATE '2023-01-01' + (g % 730), 'generated', 10.00, 23.00, 2.30, 12.30, 0,
       :'supplier', :'type', :'subtype', 'generate'
FROM generate_series(1, 1000000) AS g;
-- As autovacuum would after a million inserts (PostgreSQL 13+ vacuums on inserts): counts become
-- index-only scans once the visibility map is set.
VACUUM ANALYZE movements;
