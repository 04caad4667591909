#pragma once
// SQL for users and roles. Every function runs on the caller's connection (usually inside its
// transaction); nothing here decides policy.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/paging.h"
#include "db/connection.h"
#include "db/listing.h"
#include "services/auth/domain/user.h"

namespace bh::auth::users {

// Which of e-mail, NIF and phone number another user (not `except`) already holds, as the seed's
// messages: "Email already exists: x", "NIF already exists: y", "This phone number already exists: z".
boost::asio::awaitable<std::vector<std::string>> conflicts(db::Connection& db, const UserProfile& profile,
                                                           std::optional<UserId> except = std::nullopt);
// Throws AppError Conflict (USER_CREDENTIALS_VALIDATION_ERROR) listing every conflict when any.
boost::asio::awaitable<void> ensure_unique(db::Connection& db, const UserProfile& profile,
                                           std::optional<UserId> except = std::nullopt);

// Inserts the user (roles not included). A unique violation that raced past ensure_unique becomes
// the same 409.
boost::asio::awaitable<void> insert(db::Connection& db, const User& user);
boost::asio::awaitable<std::optional<User>> find_by_id(db::Connection& db, const UserId& id,
                                                       bool for_update = false);
boost::asio::awaitable<std::optional<User>> find_by_email(db::Connection& db, std::string_view email);
// Replaces the profile (and the password hash when given); bumps version.
boost::asio::awaitable<void> update_profile(db::Connection& db, const UserId& id, const UserProfile& profile,
                                            const std::optional<std::string>& password_hash);
boost::asio::awaitable<void> set_password(db::Connection& db, const UserId& id,
                                          const std::string& password_hash);
boost::asio::awaitable<bool> remove(db::Connection& db, const UserId& id);

// True for the one registration that claims the first-user ADMIN role (row lock: race-free).
boost::asio::awaitable<bool> claim_first_admin(db::Connection& db, const UserId& id);
// Serializes role changes (so "the last ADMIN" is decided by one transaction at a time).
boost::asio::awaitable<void> lock_roles(db::Connection& db);
boost::asio::awaitable<bool> grant_role(db::Connection& db, const UserId& id, std::string_view role);
boost::asio::awaitable<bool> revoke_role(db::Connection& db, const UserId& id, std::string_view role);
boost::asio::awaitable<std::int64_t> count_with_role(db::Connection& db, std::string_view role);

// GET /user-credentials/all: by id, e-mail, names, NIF or creation.
const db::Listing& listing();
boost::asio::awaitable<Page<User>> list(db::Connection& db, const PageRequest& page);

}  // namespace bh::auth::users
