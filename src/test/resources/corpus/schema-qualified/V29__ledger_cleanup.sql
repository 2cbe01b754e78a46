DELETE FROM billing.ledger;
