#include "services/auth/users/user_repository.h"

#include <algorithm>

#include "core/error.h"
#include "db/sql_error.h"
#include "db/statement.h"
#include "services/auth/auth_errors.h"

namespace bh::auth::users {

namespace {

namespace asio = boost::asio;

// Roles ride along as one comma-separated column, so a user is one row.
#define BH_USER_COLUMNS                                                                                    \
    "u.id, u.email, u.password_hash, u.first_name, u.last_name, u.nif, u.date_of_birth, u.nationality, "   \
    "u.gender, u.phone_number, "                                                                           \
    "array_to_string(ARRAY(SELECT r.role FROM user_roles r WHERE r.user_id = u.id ORDER BY r.role), ',') " \
    "AS roles "

constexpr db::Statement kConflicts{
    "auth.user_conflicts",
    "SELECT bool_or(lower(email) = lower($1)) AS email, bool_or(nif = $2) AS nif, "
    "bool_or(phone_number = $3) AS phone FROM users "
    "WHERE (lower(email) = lower($1) OR nif = $2 OR phone_number = $3) AND ($4::uuid IS NULL OR id <> $4)"};
constexpr db::Statement kInsert{
    "auth.user_insert",
    "INSERT INTO users (id, email, password_hash, first_name, last_name, nif, date_of_birth, nationality, "
    "gender, phone_number) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};
constexpr db::Statement kFindById{"auth.user_by_id",
                                  "SELECT " BH_USER_COLUMNS "FROM users u WHERE u.id = $1"};
constexpr db::Statement kFindByIdForUpdate{
    "auth.user_by_id_for_update", "SELECT " BH_USER_COLUMNS "FROM users u WHERE u.id = $1 FOR UPDATE"};
constexpr db::Statement kFindByEmail{
    "auth.user_by_email", "SELECT " BH_USER_COLUMNS "FROM users u WHERE lower(u.email) = lower($1)"};
constexpr db::Statement kUpdateProfile{
    "auth.user_update",
    "UPDATE users SET email = $2, first_name = $3, last_name = $4, nif = $5, date_of_birth = $6, "
    "nationality = $7, gender = $8, phone_number = $9, password_hash = coalesce($10, password_hash), "
    "version = version + 1, updated_at = now() WHERE id = $1"};
constexpr db::Statement kSetPassword{
    "auth.user_set_password",
    "UPDATE users SET password_hash = $2, version = version + 1, updated_at = now() WHERE id = $1"};
constexpr db::Statement kDelete{"auth.user_delete", "DELETE FROM users WHERE id = $1"};
constexpr db::Statement kClaimFirstAdmin{"auth.claim_first_admin",
                                         "UPDATE first_admin SET claimed_by = $1, claimed_at = now() WHERE "
                                         "claimed_by IS NULL RETURNING singleton"};
constexpr db::Statement kLockRoles{"auth.lock_roles", "SELECT singleton FROM first_admin FOR UPDATE"};
constexpr db::Statement kGrant{
    "auth.role_grant", "INSERT INTO user_roles (user_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING"};
constexpr db::Statement kRevoke{"auth.role_revoke",
                                "DELETE FROM user_roles WHERE user_id = $1 AND role = $2"};
constexpr db::Statement kCountRole{"auth.role_count", "SELECT count(*) FROM user_roles WHERE role = $1"};

#undef BH_USER_COLUMNS

std::vector<std::string> split_roles(std::string_view text) {
    std::vector<std::string> roles;
    while (!text.empty()) {
        const auto comma = text.find(',');
        roles.emplace_back(text.substr(0, comma));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return roles;
}

User user_from(const db::Row& row) {
    User user;
    user.id = row.get<UserId>("id");
    user.profile.email = row.get<std::string>("email");
    user.password_hash = row.get<std::string>("password_hash");
    user.profile.first_name = row.get<std::string>("first_name");
    user.profile.last_name = row.get<std::string>("last_name");
    user.profile.nif = row.get<std::string>("nif");
    user.profile.date_of_birth = row.get<std::chrono::year_month_day>("date_of_birth");
    user.profile.nationality = row.get<std::string>("nationality");
    user.profile.gender = row.get<std::string>("gender");
    user.profile.phone_number = row.get<std::string>("phone_number");
    user.roles = split_roles(row.get<std::string>("roles"));
    return user;
}

asio::awaitable<std::optional<User>> one_user(db::Connection& db, const db::Statement& statement,
                                              const db::Params& params) {
    auto result = co_await db.execute(statement, params);
    auto row = result.maybe_one();
    if (!row) co_return std::nullopt;
    co_return user_from(*row);
}

// A unique index the pre-check missed (a concurrent insert): the same message, from the index name.
[[noreturn]] void rethrow_as_conflict(const db::DbError& error, const UserProfile& profile) {
    const auto& constraint = error.constraint();
    if (constraint == "users_email_key") throw user_conflict({"Email already exists: " + profile.email});
    if (constraint == "users_nif_key") throw user_conflict({"NIF already exists: " + profile.nif});
    if (constraint == "users_phone_number_key")
        throw user_conflict({"This phone number already exists: " + profile.phone_number});
    throw error;
}

}  // namespace

asio::awaitable<std::vector<std::string>> conflicts(db::Connection& db, const UserProfile& profile,
                                                    std::optional<UserId> except) {
    auto result =
        co_await db.execute(kConflicts, db::Params{profile.email, profile.nif, profile.phone_number,
                                                   except ? std::optional(except->uuid()) : std::nullopt});
    std::vector<std::string> found;
    const auto row = result.one();  // an aggregate: always one row (NULLs when nothing matched)
    if (row.get<std::optional<bool>>("nif").value_or(false))
        found.push_back("NIF already exists: " + profile.nif);
    if (row.get<std::optional<bool>>("email").value_or(false))
        found.push_back("Email already exists: " + profile.email);
    if (row.get<std::optional<bool>>("phone").value_or(false))
        found.push_back("This phone number already exists: " + profile.phone_number);
    co_return found;
}

asio::awaitable<void> ensure_unique(db::Connection& db, const UserProfile& profile,
                                    std::optional<UserId> except) {
    auto found = co_await conflicts(db, profile, except);
    if (!found.empty()) throw user_conflict(found);
}

asio::awaitable<void> insert(db::Connection& db, const User& user) {
    const auto& p = user.profile;
    try {
        co_await db.execute(kInsert,
                            db::Params{user.id, p.email, user.password_hash, p.first_name, p.last_name, p.nif,
                                       p.date_of_birth, p.nationality, p.gender, p.phone_number});
    } catch (const db::DbError& error) {
        if (!error.is_unique_violation()) throw;
        rethrow_as_conflict(error, p);
    }
}

asio::awaitable<std::optional<User>> find_by_id(db::Connection& db, const UserId& id, bool for_update) {
    co_return co_await one_user(db, for_update ? kFindByIdForUpdate : kFindById, db::Params{id});
}

asio::awaitable<std::optional<User>> find_by_email(db::Connection& db, std::string_view email) {
    co_return co_await one_user(db, kFindByEmail, db::Params{email});
}

asio::awaitable<void> update_profile(db::Connection& db, const UserId& id, const UserProfile& p,
                                     const std::optional<std::string>& password_hash) {
    try {
        co_await db.execute(kUpdateProfile,
                            db::Params{id, p.email, p.first_name, p.last_name, p.nif, p.date_of_birth,
                                       p.nationality, p.gender, p.phone_number, password_hash});
    } catch (const db::DbError& error) {
        if (!error.is_unique_violation()) throw;
        rethrow_as_conflict(error, p);
    }
}

asio::awaitable<void> set_password(db::Connection& db, const UserId& id, const std::string& password_hash) {
    co_await db.execute(kSetPassword, db::Params{id, password_hash});
}

asio::awaitable<bool> remove(db::Connection& db, const UserId& id) {
    auto result = co_await db.execute(kDelete, db::Params{id});
    co_return result.affected_rows() == 1;
}

asio::awaitable<bool> claim_first_admin(db::Connection& db, const UserId& id) {
    auto result = co_await db.execute(kClaimFirstAdmin, db::Params{id});
    co_return !result.empty();
}

asio::awaitable<void> lock_roles(db::Connection& db) {
    co_await db.execute(kLockRoles);
}

asio::awaitable<bool> grant_role(db::Connection& db, const UserId& id, std::string_view role) {
    auto result = co_await db.execute(kGrant, db::Params{id, role});
    co_return result.affected_rows() == 1;
}

asio::awaitable<bool> revoke_role(db::Connection& db, const UserId& id, std::string_view role) {
    auto result = co_await db.execute(kRevoke, db::Params{id, role});
    co_return result.affected_rows() == 1;
}

asio::awaitable<std::int64_t> count_with_role(db::Connection& db, std::string_view role) {
    auto result = co_await db.execute(kCountRole, db::Params{role});
    co_return result.one().get<std::int64_t>(0);
}

const db::Listing& listing() {
    static const db::Listing listing({
        .columns = "u.id, u.email, u.password_hash, u.first_name, u.last_name, u.nif, "
                   "u.date_of_birth, u.nationality, u.gender, u.phone_number, "
                   "array_to_string(ARRAY(SELECT r.role FROM user_roles r WHERE r.user_id = u.id "
                   "ORDER BY r.role), ',') AS roles",
        .from = "users u",
        .sort_columns = {{"id", "u.id"},
                         {"email", "lower(u.email)"},
                         {"firstName", "u.first_name"},
                         {"lastName", "u.last_name"},
                         {"nif", "u.nif"},
                         {"createdAt", "u.created_at"}},
        .default_sort_field = "id",
        .tie_breaker = "u.id",
    });
    return listing;
}

asio::awaitable<Page<User>> list(db::Connection& db, const PageRequest& page) {
    const db::Where every_user;
    const auto found = co_await db::list_page(db, listing(), every_user, page);
    co_return db::read_page<User>(found, [](const db::Row& row) { return user_from(row); });
}

}  // namespace bh::auth::users
