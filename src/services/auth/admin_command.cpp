#include "services/auth/admin_command.h"

#include <spdlog/spdlog.h>

#include "core/error.h"
#include "db/settings.h"
#include "db/transaction.h"
#include "runtime/database.h"
#include "services/auth/auth_service.h"
#include "services/auth/domain/access_rules.h"
#include "services/auth/users/user_repository.h"

namespace bh::auth {

boost::asio::awaitable<std::string> grant_role_by_email(db::Pool& pool, const std::string& email,
                                                        const std::string& role_text) {
    const auto role = parse_role(role_text);
    co_return co_await db::with_transaction(
        pool, db::Isolation::ReadCommitted, [&](db::Transaction& tx) -> boost::asio::awaitable<std::string> {
            auto& db = tx.connection();
            co_await users::lock_roles(db);
            auto user = co_await users::find_by_email(db, email);
            if (!user) throw not_found("No user with e-mail " + email, "EMAIL_NOT_FOUND");
            const bool added = co_await users::grant_role(db, user->id, role);
            co_return (added ? "granted " : "already held: ") + role + " to " + user->profile.email + " (" +
                user->id.to_string() + "); it takes effect at the user's next sign-in or token refresh";
        });
}

boost::asio::awaitable<std::string> run_grant_role(boost::asio::any_io_executor executor,
                                                   const db::PostgresSettings& postgres,
                                                   const std::string& email, const std::string& role) {
    co_await runtime::prepare_database(executor, postgres, "auth", migrations());
    db::Pool pool(executor, db::pool_options(postgres, "auth"));
    auto message = co_await grant_role_by_email(pool, email, role);
    spdlog::warn("auth: operator command: {}", message);
    co_return message;
}

}  // namespace bh::auth
