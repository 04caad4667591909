// Integration tests of durable revocation against real PostgreSQL and Redis (PG_URL, REDIS_URL): every
// revocation is recorded in the auth database with the change that caused it, and the keeper refills
// a Redis deny-list that lost its data from that record; expired records are purged.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "core/clock.h"
#include "core/error.h"
#include "db/itest_support.h"
#include "db/migrations.h"
#include "redis/deny_list.h"
#include "redis/itest_support.h"
#include "services/auth/auth_service.h"
#include "services/auth/sessions/denied_token_repository.h"
#include "services/auth/sessions/revocation_keeper.h"
#include "services/auth/sessions/session_repository.h"
#include "services/auth/users/user_repository.h"

namespace bh::auth {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using sessions::AccessTokenRef;

class RevocationTest : public db::testing::DbTest {
  protected:
    void SetUp() override {
        pool_ = std::make_unique<db::Pool>(threads_.executor(), database().pool_options(4));
        threads_.run([this]() -> asio::awaitable<void> {
            co_await db::migrate(*pool_, "auth", migrations());
            auto lease = co_await pool_->acquire();
            co_await lease->execute_script("TRUNCATE users CASCADE; TRUNCATE denied_access_tokens");
        }());
    }
    void TearDown() override { pool_.reset(); }

    // A user with one session whose newest access token is `jti`.
    Uuid open_session(const std::string& jti, std::chrono::system_clock::time_point exp) {
        return threads_.run([&]() -> asio::awaitable<Uuid> {
            User user;
            user.id = UserId::generate();
            user.profile = {
                "Ana",        "Silva",  "NIF1",         "ana@x.pt", std::chrono::year{1990} / 1 / 1,
                "Portuguese", "Female", "+351910001000"};
            user.password_hash = "$argon2id$test";
            auto lease = co_await pool_->acquire();
            co_await users::insert(*lease, user);
            const auto session = Uuid::v7();
            const AccessTokenRef access{jti, exp};  // named: g++ 12 and temporaries in co_await
            co_await sessions::create(*lease, session, user.id, access);
            co_return session;
        }());
    }

    std::vector<std::string> recorded() {
        auto tokens = threads_.run([this]() -> asio::awaitable<std::vector<AccessTokenRef>> {
            auto lease = co_await pool_->acquire();
            co_return co_await denied_tokens::alive(*lease, std::chrono::system_clock::now());
        }());
        std::vector<std::string> ids;
        for (const auto& t : tokens) ids.push_back(t.jti);
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    redis::testing::IoThreads threads_{2};
    std::unique_ptr<db::Pool> pool_;
    redis::Client redis_{threads_.executor(), redis::testing::options_from_env()};
};

TEST_F(RevocationTest, ARefreshAndARevocationRecordTheTokensTheyRetire) {
    const auto later = std::chrono::system_clock::now() + 1h;
    const auto session = open_session("jti-1", later);
    EXPECT_TRUE(recorded().empty());
    threads_.run([&]() -> asio::awaitable<void> {
        auto lease = co_await pool_->acquire();
        const AccessTokenRef next{"jti-2", later};
        co_await sessions::set_last_access(*lease, session, next);  // a refresh
    }());
    EXPECT_EQ(recorded(), (std::vector<std::string>{"jti-1"}));
    threads_.run([&]() -> asio::awaitable<void> {
        auto lease = co_await pool_->acquire();
        co_await sessions::revoke(*lease, session, "signed out");
    }());
    EXPECT_EQ(recorded(), (std::vector<std::string>{"jti-1", "jti-2"}));
}

TEST_F(RevocationTest, TheKeeperRefillsAListRedisLostAndLeavesAWholeOneAlone) {
    const auto later = std::chrono::system_clock::now() + 1h;
    const auto session = open_session("jti-a", later);
    threads_.run([&]() -> asio::awaitable<void> {
        auto lease = co_await pool_->acquire();
        const AccessTokenRef next{"jti-b", later};
        co_await sessions::set_last_access(*lease, session, next);
        co_await sessions::revoke(*lease, session, "signed out");
    }());
    redis::DenyList list(redis_, bh::testing::unique_name("keeper"));
    RevocationKeeper keeper(threads_.executor(), *pool_, list, {}, bh::system_clock());

    // A list Redis never had (or lost): unknown ids are not cleared.
    EXPECT_THROW(threads_.run(list.contains("jti-a")), AppError);
    EXPECT_EQ(threads_.run(keeper.ensure_complete()), std::optional<std::size_t>(2));
    EXPECT_TRUE(threads_.run(list.contains("jti-a")));
    EXPECT_TRUE(threads_.run(list.contains("jti-b")));
    EXPECT_FALSE(threads_.run(list.contains("never-revoked")));
    EXPECT_EQ(threads_.run(keeper.ensure_complete()), std::nullopt);  // whole: nothing to do

    // Redis loses the data (entries and marker), as a restart without persistence does.
    threads_.run(
        redis_.command("DEL", list.key_for("jti-a"), list.key_for("jti-b"), list.key_for("~complete")));
    EXPECT_THROW(threads_.run(list.contains("jti-a")), AppError);
    EXPECT_EQ(threads_.run(keeper.ensure_complete()), std::optional<std::size_t>(2));
    EXPECT_TRUE(threads_.run(list.contains("jti-a")));
}

TEST_F(RevocationTest, TheLoopRebuildsWithinItsIntervalAndPurgeKeepsLiveRecords) {
    const auto now = std::chrono::system_clock::now();
    threads_.run([&]() -> asio::awaitable<void> {
        auto lease = co_await pool_->acquire();
        const std::vector<AccessTokenRef> tokens{{"expired", now - 1h}, {"alive", now + 1h}};
        co_await denied_tokens::record(*lease, tokens);
    }());
    redis::DenyList list(redis_, bh::testing::unique_name("loop"));
    RevocationKeeperOptions options;
    options.check_interval = 100ms;
    RevocationKeeper keeper(threads_.executor(), *pool_, list, options, bh::system_clock());
    keeper.start();
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!threads_.run(list.is_complete())) {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the loop did not rebuild the list";
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_TRUE(threads_.run(list.contains("alive")));
    EXPECT_FALSE(threads_.run(list.contains("expired")));  // long dead: not put back
    threads_.run(keeper.stop());

    EXPECT_EQ(threads_.run(keeper.purge_expired()), 1);
    EXPECT_EQ(recorded(), (std::vector<std::string>{"alive"}));
}

}  // namespace
}  // namespace bh::auth
