// SQL for the record of denied access tokens (see denied_token_repository.h).
#include "services/auth/sessions/denied_token_repository.h"

#include "db/statement.h"

namespace bh::auth::denied_tokens {

namespace {

namespace asio = boost::asio;

constexpr db::Statement kRecord{"auth.denied_record",
                                "INSERT INTO denied_access_tokens (jti, expires_at) VALUES ($1, $2) "
                                "ON CONFLICT (jti) DO NOTHING"};
constexpr db::Statement kAlive{"auth.denied_alive",
                               "SELECT jti, expires_at FROM denied_access_tokens WHERE expires_at > $1"};
constexpr db::Statement kPurge{"auth.denied_purge", "DELETE FROM denied_access_tokens WHERE expires_at < $1"};

}  // namespace

asio::awaitable<void> record(db::Connection& db, const std::vector<sessions::AccessTokenRef>& tokens) {
    for (const auto& token : tokens) co_await db.execute(kRecord, db::Params{token.jti, token.expires_at});
}

asio::awaitable<std::vector<sessions::AccessTokenRef>> alive(db::Connection& db, sessions::TimePoint after) {
    auto result = co_await db.execute(kAlive, db::Params{after});
    std::vector<sessions::AccessTokenRef> tokens;
    for (const auto& row : result)
        tokens.push_back({row.get<std::string>(0), row.get<sessions::TimePoint>(1)});
    co_return tokens;
}

asio::awaitable<std::int64_t> purge(db::Connection& db, sessions::TimePoint before) {
    auto result = co_await db.execute(kPurge, db::Params{before});
    co_return result.affected_rows();
}

}  // namespace bh::auth::denied_tokens
