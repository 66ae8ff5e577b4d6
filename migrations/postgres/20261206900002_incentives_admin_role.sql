-- The partners' finance role, incentives_admin.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('global_admin', 'mpn_admin', 'consultant',
    'incentives_admin', 'benefit_admin', 'project_manager', 'operator'));
