-- pgbench: the transaction budget runs for POST /movement/create on a subtype (movement_store.cpp,
-- funds_ledger.cpp, movement_events.cpp), statement for statement, as prepared statements (-M prepared,
-- like the service). Variables: supplier, subtype, type.
BEGIN;
SELECT 1 FROM suppliers WHERE id = :supplier FOR KEY SHARE;
SELECT budget_type_id FROM budget_subtypes WHERE id = :subtype FOR NO KEY UPDATE;
INSERT INTO movements (id, kind, status, document_number, date_of_emission, description, value_without_iva,
    iva_rate, iva_value, total_value, booked_amount, supplier_id, budget_type_id, budget_subtype_id, created_by)
VALUES (gen_random_uuid(), 'DEBIT', 'SUCCEEDED', 'PGB-' || gen_random_uuid(), '2024-05-01', 'bench', 1.50, 23.00,
    0.35, 1.85, 1.85, :supplier, :type, :subtype, 'bench') RETURNING id AS movement_id \gset
UPDATE budget_subtypes s SET spent = s.spent + 1.85::numeric, updated_at = now() FROM budget_types t
 WHERE s.id = :subtype AND t.id = s.budget_type_id AND (1.85::numeric <= 0 OR s.spent + 1.85::numeric <= s.allocated)
 RETURNING s.allocated, s.spent, s.name, t.id, t.name;
UPDATE budget_types SET spent = spent + 1.85::numeric, direct_spent = direct_spent + 0::numeric, updated_at = now()
 WHERE id = :type AND (1.85::numeric <= 0 OR spent + 1.85::numeric <= allocated)
 AND (0::numeric <= 0 OR direct_spent + 0::numeric + sub_allocated <= allocated)
 RETURNING allocated, spent, name, direct_spent, sub_allocated;
INSERT INTO outbox (event_id, topic, message_key, event_type, payload, headers)
VALUES (gen_random_uuid(), 'bench.movement.created', 'k', 'movement.created', repeat('x', 600), '[]');
COMMIT;
-- The service answers with the stored movement and its budget, subtype and supplier.
SELECT m.*, t.*, s.*, p.* FROM movements m LEFT JOIN budget_types t ON t.id = m.budget_type_id
  LEFT JOIN budget_subtypes s ON s.id = m.budget_subtype_id LEFT JOIN suppliers p ON p.id = m.supplier_id
 WHERE m.id = :movement_id;
