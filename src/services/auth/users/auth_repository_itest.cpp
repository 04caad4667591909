// Integration tests of the auth repositories against a real PostgreSQL (PG_URL): the race-free
// first ADMIN, uniqueness reported for every field, refresh rotation under concurrency, single-use
// reset tokens, and one shared signing key.
#include <gtest/gtest.h>

#include <atomic>

#include "db/itest_support.h"
#include "db/migrations.h"
#include "db/transaction.h"
#include "security/digest.h"
#include "services/auth/auth_errors.h"
#include "services/auth/auth_service.h"
#include "services/auth/sessions/session_repository.h"
#include "services/auth/sessions/signing_key_store.h"
#include "services/auth/users/user_repository.h"

namespace bh::auth {
namespace {

namespace asio = boost::asio;
using db::testing::run;
using db::testing::run_both;

class AuthRepositoryTest : public db::testing::DbTest {
  protected:
    void SetUp() override {
        pool_ = std::make_unique<db::Pool>(io.get_executor(), database().pool_options(4));
        run(io, [this]() -> asio::awaitable<void> { co_await db::migrate(*pool_, "auth", migrations()); }());
        run(io, [this]() -> asio::awaitable<void> {
            auto lease = co_await pool_->acquire();
            co_await lease->execute_script(
                "TRUNCATE users CASCADE; UPDATE first_admin SET claimed_by = NULL, claimed_at = NULL");
        }());
    }
    void TearDown() override {
        pool_.reset();
        io.run();
        io.restart();
    }

    static User new_user(int n) {
        User user;
        user.id = UserId::generate();
        user.profile = {"Ana",
                        "Silva",
                        "NIF" + std::to_string(n),
                        "u" + std::to_string(n) + "@x.pt",
                        std::chrono::year_month_day{std::chrono::year{1990} / 1 / 1},
                        "Portuguese",
                        "Female",
                        "+35191000" + std::to_string(1000 + n)};
        user.password_hash = "$argon2id$test";
        return user;
    }

    // Registers `user` as the flow does: insert, then try to claim the first ADMIN.
    asio::awaitable<bool> register_user(User user) {
        co_return co_await db::with_transaction(
            *pool_, db::Isolation::ReadCommitted, [&](db::Transaction& tx) -> asio::awaitable<bool> {
                co_await users::insert(tx.connection(), user);
                const bool first = co_await users::claim_first_admin(tx.connection(), user.id);
                if (first) co_await users::grant_role(tx.connection(), user.id, "ADMIN");
                co_return first;
            });
    }

    std::unique_ptr<db::Pool> pool_;
};

TEST_F(AuthRepositoryTest, TwoConcurrentFirstRegistrationsMakeExactlyOneAdmin) {
    for (int round = 0; round < 5; ++round) {
        SetUp();
        auto [a, b] =
            run_both(io, register_user(new_user(2 * round)), register_user(new_user(2 * round + 1)));
        EXPECT_NE(a, b) << "round " << round;
        auto admins = run(io, [this]() -> asio::awaitable<std::int64_t> {
            auto lease = co_await pool_->acquire();
            co_return co_await users::count_with_role(*lease, "ADMIN");
        }());
        EXPECT_EQ(admins, 1);
        EXPECT_FALSE(run(io, register_user(new_user(100 + round))));
    }
}

TEST_F(AuthRepositoryTest, ConflictsNameEveryTakenField) {
    run(io, register_user(new_user(1)));
    auto clash = new_user(2);
    clash.profile.email = "U1@X.PT";  // case-insensitive
    clash.profile.nif = "NIF1";
    clash.profile.phone_number = new_user(1).profile.phone_number;
    try {
        run(io, [&]() -> asio::awaitable<void> {
            auto lease = co_await pool_->acquire();
            co_await users::ensure_unique(*lease, clash.profile);
        }());
        FAIL() << "no conflict";
    } catch (const AppError& e) {
        EXPECT_EQ(e.code(), code::kUserValidation);
        EXPECT_NE(e.public_message().find("NIF already exists: NIF1"), std::string::npos);
        EXPECT_NE(e.public_message().find("Email already exists: U1@X.PT"), std::string::npos);
        EXPECT_NE(e.public_message().find("This phone number already exists"), std::string::npos);
    }
    // The database enforces it even without the pre-check (a racing insert).
    EXPECT_THROW(run(io, register_user(clash)), AppError);
}

TEST_F(AuthRepositoryTest, AConcurrentSecondRefreshSeesTheTokenRotated) {
    auto user = new_user(1);
    run(io, register_user(user));
    const auto session = Uuid::v7();
    const auto hash = security::sha256_hex("refresh-1");
    const auto later = std::chrono::system_clock::now() + std::chrono::hours(1);
    run(io, [&]() -> asio::awaitable<void> {
        auto lease = co_await pool_->acquire();
        const sessions::AccessTokenRef access{"jti-1", later};  // (no braced list inside co_await: g++ 12)
        co_await sessions::create(*lease, session, user.id, access);
        co_await sessions::add_refresh_token(*lease, hash, session, later);
    }());
    auto rotate = [&]() -> asio::awaitable<RefreshDecision> {
        co_return co_await db::with_transaction(
            *pool_, db::Isolation::ReadCommitted,
            [&](db::Transaction& tx) -> asio::awaitable<RefreshDecision> {
                auto row = co_await sessions::find_refresh_for_update(tx.connection(), hash);
                const auto decision = decide_refresh(row ? std::optional(row->state) : std::nullopt,
                                                     std::chrono::system_clock::now());
                if (decision == RefreshDecision::Rotate)
                    co_await sessions::mark_rotated(tx.connection(), hash, session,
                                                    std::chrono::system_clock::now());
                co_return decision;
            });
    };
    auto [a, b] = run_both(io, rotate(), rotate());
    EXPECT_TRUE((a == RefreshDecision::Rotate && b == RefreshDecision::Reused) ||
                (b == RefreshDecision::Rotate && a == RefreshDecision::Reused));
    auto revoked = run(io, [&]() -> asio::awaitable<std::vector<sessions::AccessTokenRef>> {
        auto lease = co_await pool_->acquire();
        co_return co_await sessions::revoke(*lease, session, "reused");
    }());
    ASSERT_EQ(revoked.size(), 1u);
    EXPECT_EQ(revoked[0].jti, "jti-1");
}

TEST_F(AuthRepositoryTest, AConcurrentSecondRefreshWithinTheGraceSeesTheFirstOnesGrant) {
    auto user = new_user(1);
    run(io, register_user(user));
    const auto session = Uuid::v7();
    const auto hash = security::sha256_hex("refresh-1");
    const auto sibling = security::sha256_hex("refresh-0");  // left over from an earlier burst
    const auto later = std::chrono::system_clock::now() + std::chrono::hours(1);
    run(io, [&]() -> asio::awaitable<void> {
        auto lease = co_await pool_->acquire();
        const sessions::AccessTokenRef access{"jti-1", later};
        co_await sessions::create(*lease, session, user.id, access);
        co_await sessions::add_refresh_token(*lease, hash, session, later);
        co_await sessions::add_refresh_token(*lease, sibling, session, later);
    }());
    struct Seen {
        RefreshDecision decision;
        std::string grant;  // the session's newest access token as this refresh saw it
    };
    auto rotate = [&]() -> asio::awaitable<Seen> {
        co_return co_await db::with_transaction(
            *pool_, db::Isolation::ReadCommitted, [&](db::Transaction& tx) -> asio::awaitable<Seen> {
                auto& db = tx.connection();
                auto row = co_await sessions::find_refresh_for_update(db, hash);
                const auto now = std::chrono::system_clock::now();
                const auto decision = decide_refresh(row ? std::optional(row->state) : std::nullopt, now,
                                                     std::chrono::seconds(5));
                if (decision == RefreshDecision::Rotate) {
                    const sessions::AccessTokenRef access{"jti-2", later};
                    co_await sessions::set_last_access(db, session, access);
                    co_await sessions::mark_rotated(db, hash, session, now);
                }
                co_return Seen{decision, row ? row->access.jti : ""};
            });
    };
    auto [a, b] = run_both(io, rotate(), rotate());
    const auto& first = a.decision == RefreshDecision::Rotate ? a : b;
    const auto& second = a.decision == RefreshDecision::Rotate ? b : a;
    EXPECT_EQ(first.decision, RefreshDecision::Rotate);
    EXPECT_EQ(first.grant, "jti-1");
    // Serialised behind the first: the token spent, still the latest rotation, and the grant the
    // first one issued (which the grace path hands out again).
    EXPECT_EQ(second.decision, RefreshDecision::RotateInGrace);
    EXPECT_EQ(second.grant, "jti-2");
    // The rotation spent the unused sibling too, and it is not the latest rotation: theft.
    auto left_over = run(io, [&]() -> asio::awaitable<std::optional<sessions::RefreshTokenRow>> {
        auto lease = co_await pool_->acquire();
        co_return co_await sessions::find_refresh_for_update(*lease, sibling);
    }());
    ASSERT_TRUE(left_over.has_value());
    EXPECT_TRUE(left_over->state.rotated);
    EXPECT_FALSE(left_over->state.latest_rotation);
    EXPECT_EQ(decide_refresh(left_over->state, std::chrono::system_clock::now(), std::chrono::seconds(5)),
              RefreshDecision::Reused);
}

TEST_F(AuthRepositoryTest, SetLastAccessReturnsTheReplacedTokenAndRefusesARevokedSession) {
    auto user = new_user(1);
    run(io, register_user(user));
    const auto session = Uuid::v7();
    const auto later = std::chrono::system_clock::now() + std::chrono::hours(1);
    run(io, [&]() -> asio::awaitable<void> {
        auto lease = co_await pool_->acquire();
        const sessions::AccessTokenRef access{"jti-1", later};
        co_await sessions::create(*lease, session, user.id, access);
    }());
    auto set_last = [&](std::string jti) -> asio::awaitable<std::optional<sessions::AccessTokenRef>> {
        auto lease = co_await pool_->acquire();
        const sessions::AccessTokenRef access{std::move(jti), later};
        co_return co_await sessions::set_last_access(*lease, session, access);
    };
    const auto replaced = run(io, set_last("jti-2"));
    ASSERT_TRUE(replaced.has_value());
    EXPECT_EQ(replaced->jti, "jti-1");
    auto revoked = run(io, [&]() -> asio::awaitable<std::vector<sessions::AccessTokenRef>> {
        auto lease = co_await pool_->acquire();
        co_return co_await sessions::revoke(*lease, session, "signed out");
    }());
    ASSERT_EQ(revoked.size(), 1u);
    EXPECT_EQ(revoked[0].jti, "jti-2");
    EXPECT_FALSE(run(io, set_last("jti-3")).has_value());  // a refresh after the revoke must fail
}

TEST_F(AuthRepositoryTest, ResetTokensAreSingleUseAndExpire) {
    auto user = new_user(1);
    run(io, register_user(user));
    const auto now = std::chrono::system_clock::now();
    auto consume = [&](std::string hash,
                       std::chrono::system_clock::time_point at) -> asio::awaitable<std::optional<UserId>> {
        auto lease = co_await pool_->acquire();
        co_return co_await sessions::consume_reset_token(*lease, hash, at);
    };
    run(io, [&]() -> asio::awaitable<void> {
        auto lease = co_await pool_->acquire();
        co_await sessions::add_reset_token(*lease, "h1", user.id, now + std::chrono::minutes(30));
        co_await sessions::add_reset_token(*lease, "h2", user.id, now + std::chrono::minutes(30));
    }());
    EXPECT_FALSE(run(io, consume("h2", now + std::chrono::minutes(31))));  // expired
    auto [a, b] = run_both(io, consume("h1", now), consume("h1", now));
    EXPECT_NE(a.has_value(), b.has_value());  // exactly one wins
    EXPECT_EQ((a ? *a : *b), user.id);
}

TEST_F(AuthRepositoryTest, EveryInstanceLoadsTheSameSigningKey) {
    auto [first, second] = run_both(io, load_or_create_key_ring(*pool_, bh::system_clock()),
                                    load_or_create_key_ring(*pool_, bh::system_clock()));
    const auto a = first->verification_keys();
    const auto b = second->verification_keys();
    ASSERT_EQ(a.size(), 1u);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(a[0].kid, b[0].kid);
    EXPECT_EQ(a[0].key.raw(), b[0].key.raw());
}

}  // namespace
}  // namespace bh::auth
