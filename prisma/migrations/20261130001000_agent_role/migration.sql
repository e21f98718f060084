-- Agents: support team members who work tickets but do not manage users, sites or settings.
-- Placed before ADMIN so the enum reads from least to most access. Existing admins stay admins.
ALTER TYPE "Role" ADD VALUE 'AGENT' BEFORE 'ADMIN';
