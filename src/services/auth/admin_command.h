#pragma once
// Operator commands on the auth database, for a system whose admins are gone:
//   budgethub admin grant-role --email E --role ADMIN
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <string>

#include "db/pool.h"
#include "db/settings.h"

namespace bh::auth {

// Grants `role` to the user with `email` (case-insensitive). Returns what was done, for the
// operator. Throws AppError BadRequest (unknown role) or NotFound (no such user).
boost::asio::awaitable<std::string> grant_role_by_email(db::Pool& pool, const std::string& email,
                                                        const std::string& role);
// Migrates the auth database, opens a pool from `postgres` and runs grant_role_by_email.
boost::asio::awaitable<std::string> run_grant_role(boost::asio::any_io_executor executor,
                                                   const db::PostgresSettings& postgres,
                                                   const std::string& email, const std::string& role);

}  // namespace bh::auth
