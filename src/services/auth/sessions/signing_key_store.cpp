#include "services/auth/sessions/signing_key_store.h"

#include <spdlog/spdlog.h>

#include "core/error.h"
#include "db/statement.h"
#include "security/ed25519_key.h"

namespace bh::auth {

namespace {

constexpr db::Statement kCurrent{"auth.signing_key_current",
                                 "SELECT kid, private_pem FROM signing_keys WHERE retired_at IS NULL"};
// The partial unique index on "retired_at IS NULL" admits one current key: a losing racer's insert
// does nothing.
constexpr db::Statement kInsert{
    "auth.signing_key_insert",
    "INSERT INTO signing_keys (kid, private_pem) VALUES ($1, $2) ON CONFLICT DO NOTHING"};

}  // namespace

boost::asio::awaitable<std::shared_ptr<security::KeyRing>> load_or_create_key_ring(db::Pool& pool,
                                                                                   const Clock& clock) {
    auto lease = co_await pool.acquire();
    auto result = co_await lease->execute(kCurrent);
    if (result.empty()) {
        auto generated = security::Ed25519PrivateKey::generate();
        const auto kid = generated.public_key().thumbprint();
        co_await lease->execute(kInsert, db::Params{kid, generated.to_pem()});
        result = co_await lease->execute(kCurrent);
        if (!result.empty() && result.one().get<std::string>("kid") == kid)
            spdlog::info("auth: generated signing key {}", kid);
    }
    if (result.empty()) throw internal("no current signing key after insert");
    const auto row = result.one();
    auto key = security::Ed25519PrivateKey::from_pem(row.get<std::string>("private_pem"));
    co_return std::make_shared<security::KeyRing>(std::move(key), row.get<std::string>("kid"), clock);
}

}  // namespace bh::auth
