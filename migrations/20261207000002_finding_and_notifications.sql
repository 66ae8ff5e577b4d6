-- Finding a voucher's claims by its code: every claim that ever held the voucher, not
-- only the live one (claim_vouchers_one_live covers that one alone).
CREATE INDEX claim_vouchers_by_voucher ON claim_vouchers (voucher_id);

-- The portal's own copy of what is emailed to a person with an account: the bell in the
-- header. Written in the same transaction as the email (server::mail::send), in the
-- recipient's language, with the page it is about. read_at is set when the person opens it.
CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    link        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    read_at     BIGINT
);

CREATE INDEX notifications_by_user ON notifications (user_id, created_at, id);
CREATE INDEX notifications_unread_by_user ON notifications (user_id) WHERE read_at IS NULL;
