#include "db/migration.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <map>

namespace bh::db {

namespace {

std::vector<unsigned char> sha256(std::string_view data) {
    std::vector<unsigned char> digest(EVP_MAX_MD_SIZE);
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("SHA-256 failed");
    }
    digest.resize(size);
    return digest;
}

std::string short_sum(const std::string& checksum) {
    return checksum.substr(0, 12);
}

}  // namespace

std::optional<std::int64_t> migration_version(std::string_view file_name) {
    constexpr std::string_view kSuffix = ".sql";
    if (file_name.size() <= kSuffix.size() || !file_name.ends_with(kSuffix)) return std::nullopt;
    const std::string_view stem = file_name.substr(0, file_name.size() - kSuffix.size());
    const auto underscore = stem.find('_');
    if (underscore == 0 || underscore == std::string_view::npos || underscore + 1 == stem.size())
        return std::nullopt;
    const std::string_view digits = stem.substr(0, underscore);
    if (digits.size() > 18) return std::nullopt;
    std::int64_t version = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        version = version * 10 + (c - '0');
    }
    for (char c : stem.substr(underscore + 1)) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) return std::nullopt;
    }
    if (version <= 0) return std::nullopt;
    return version;
}

void validate_migrations(std::span<const Migration> migrations) {
    std::int64_t previous = 0;
    for (const Migration& m : migrations) {
        const auto version = migration_version(m.name);
        if (!version) {
            throw MigrationError("migration file name '" + std::string(m.name) +
                                 "' is not <version>_<name>.sql (e.g. 0001_init.sql)");
        }
        if (*version != m.version) {
            throw MigrationError("migration '" + std::string(m.name) + "' is registered as version " +
                                 std::to_string(m.version));
        }
        if (m.version <= previous) {
            throw MigrationError("migration '" + std::string(m.name) +
                                 "': versions must strictly increase (" + std::to_string(m.version) +
                                 " after " + std::to_string(previous) + ")");
        }
        previous = m.version;
    }
}

std::string migration_checksum(std::string_view sql) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char byte : sha256(sql)) {
        out.push_back(kHex[byte >> 4]);
        out.push_back(kHex[byte & 0x0f]);
    }
    return out;
}

std::int64_t migration_lock_key(std::string_view service) {
    const auto digest = sha256("budgethub.migrate:" + std::string(service));
    std::uint64_t key = 0;
    for (int i = 0; i < 8; ++i) key = (key << 8) | digest[static_cast<std::size_t>(i)];
    return static_cast<std::int64_t>(key);  // two's complement wrap-around (C++20)
}

std::vector<Migration> plan_migrations(std::span<const Migration> known,
                                       std::span<const AppliedMigration> applied) {
    validate_migrations(known);
    std::map<std::int64_t, const Migration*> by_version;
    for (const Migration& m : known) by_version.emplace(m.version, &m);

    std::vector<std::string> problems;
    std::map<std::int64_t, const AppliedMigration*> done;
    std::int64_t newest_applied = 0;
    for (const AppliedMigration& a : applied) {
        done.emplace(a.version, &a);
        newest_applied = std::max(newest_applied, a.version);
        const auto it = by_version.find(a.version);
        if (it == by_version.end()) {
            problems.push_back(
                "the database has migration " + a.name + " (version " + std::to_string(a.version) +
                ") which this binary does not know: it was migrated by a newer or different build");
            continue;
        }
        const std::string checksum = migration_checksum(it->second->sql);
        if (checksum != a.checksum) {
            problems.push_back("migration " + std::string(it->second->name) +
                               " was changed after it was applied (applied checksum " +
                               short_sum(a.checksum) + "..., file checksum " + short_sum(checksum) +
                               "...): restore the file and put the change in a new migration");
        }
    }
    std::vector<Migration> pending;
    for (const Migration& m : known) {
        if (done.contains(m.version)) continue;
        if (m.version < newest_applied) {
            problems.push_back("migration " + std::string(m.name) +
                               " is older than the newest applied migration (" +
                               std::to_string(newest_applied) + "): give it a higher version");
            continue;
        }
        pending.push_back(m);
    }
    if (!problems.empty()) {
        std::string message = "migrations do not match the database:";
        for (const auto& p : problems) message += "\n  - " + p;
        throw MigrationError(message);
    }
    return pending;
}

}  // namespace bh::db
