-- A new kind of mail: the final outcome of a payment confirmation retried in the background.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('PASSWORD_RESET', 'EXPORT_READY', 'BUDGET_ALERT', 'PAYMENT_RECEIPT', 'PAYMENT_OUTCOME'));
