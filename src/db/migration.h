#pragma once
// Schema migrations as data: the embedded SQL files of a service and the pure rules that decide what
// to apply. Kept free of Asio and libpq so the generated registration code (cmake/Migrations.cmake)
// and the unit tests stay light; migrations.h runs them against a database.
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bh::db {

struct Migration {
    std::int64_t version;   // from the file name: 0003_add_invoices.sql -> 3
    std::string_view name;  // the file name
    std::string_view sql;   // its exact content; no BEGIN/COMMIT (each runs in its own transaction)
};

// Refusing to start is the only safe answer to these: the schema and the binary disagree.
class MigrationError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// "0001_init.sql" -> 1; nullopt unless the name is <digits>_<letters, digits, _>.sql.
std::optional<std::int64_t> migration_version(std::string_view file_name);

// Throws MigrationError unless every name is well formed, matches its version, and versions strictly
// increase.
void validate_migrations(std::span<const Migration> migrations);

// SHA-256 of the SQL text, lower-case hex (the same as `sha256sum 0001_init.sql`).
std::string migration_checksum(std::string_view sql);

// The pg_advisory_lock key that serialises migrations of one service across processes.
std::int64_t migration_lock_key(std::string_view service);

struct AppliedMigration {
    std::int64_t version;
    std::string name;
    std::string checksum;
};

// What to apply, in order. Throws MigrationError, listing every problem, when an applied migration
// changed (naming the file), when the database has a version this binary does not know, or when a
// pending migration is older than the newest applied one.
std::vector<Migration> plan_migrations(std::span<const Migration> known,
                                       std::span<const AppliedMigration> applied);

}  // namespace bh::db
