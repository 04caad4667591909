#include "security/password_hasher.h"

#include <sodium.h>

#include <atomic>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <mutex>
#include <type_traits>

#include "core/error.h"
#include "security/random_token.h"

namespace bh::security {

namespace detail {

struct PasswordHasherState {
    explicit PasswordHasherState(PasswordHasherOptions opts)
        : options(std::move(opts)), pool(options.threads) {}

    PasswordHasherOptions options;
    boost::asio::thread_pool pool;
    std::atomic<std::size_t> in_flight{0};
    std::once_flag dummy_once;
    std::string dummy_hash;  // of a random password nobody knows, made on first use
};

}  // namespace detail

namespace {

using detail::PasswordHasherState;

// One slot of threads + backlog, held from admission until the caller has resumed.
class Admission {
  public:
    explicit Admission(PasswordHasherState& state) : state_(state) {
        const std::size_t limit = state.options.threads + state.options.backlog;
        if (state.in_flight.fetch_add(1) >= limit) {
            state.in_flight.fetch_sub(1);
            throw unavailable("The service is busy, please try again shortly.",
                              "password hashing backlog full (" + std::to_string(limit) + " jobs)")
                .with_retry_after(state.options.retry_after);
        }
    }
    ~Admission() { state_.in_flight.fetch_sub(1); }
    Admission(const Admission&) = delete;
    Admission& operator=(const Admission&) = delete;

  private:
    PasswordHasherState& state_;
};

// Runs job() on the pool and completes on the awaiting coroutine's executor, with the job's
// result or exception. The job lives in the awaiting frame, which outlives the pool's work; the
// caller's io_context keeps running meanwhile because co_spawn holds work on it for the whole
// coroutine.
template <class Job>
boost::asio::awaitable<std::invoke_result_t<Job&>> run_on_pool(PasswordHasherState& state, Job job) {
    using Result = std::invoke_result_t<Job&>;
    const Admission admission(state);
    auto initiate = [&state, &job](auto handler) {
        boost::asio::post(state.pool, [&state, &job, handler = std::move(handler)]() mutable {
            std::exception_ptr error;
            Result result{};
            try {
                if (state.options.on_job_start) state.options.on_job_start();
                result = job();
            } catch (...) {
                error = std::current_exception();
            }
            const auto caller = boost::asio::get_associated_executor(handler);
            boost::asio::dispatch(
                caller, [handler = std::move(handler), error, result = std::move(result)]() mutable {
                    std::move(handler)(error, std::move(result));
                });
        });
    };
    co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                                   void(std::exception_ptr, Result)>(
        std::move(initiate), boost::asio::use_awaitable);
}

// Zeroes a copy of a password when the job ends, also when hashing throws.
class WipeOnExit {
  public:
    explicit WipeOnExit(std::string& secret) : secret_(secret) {}
    ~WipeOnExit() { sodium_memzero(secret_.data(), secret_.size()); }
    WipeOnExit(const WipeOnExit&) = delete;
    WipeOnExit& operator=(const WipeOnExit&) = delete;

  private:
    std::string& secret_;
};

}  // namespace

PasswordHasher::PasswordHasher(PasswordHasherOptions options) {
    if (options.threads == 0) throw internal("PasswordHasher needs at least one thread");
    ensure_sodium();
    state_ = std::make_unique<detail::PasswordHasherState>(std::move(options));
}

PasswordHasher::~PasswordHasher() {
    state_->pool.join();
}

boost::asio::awaitable<std::string> PasswordHasher::hash(std::string password) {
    PasswordHasherState& state = *state_;
    auto job = [&state, password = std::move(password)]() mutable {
        const WipeOnExit wipe(password);
        return argon2id_hash(password, state.options.params);
    };
    co_return co_await run_on_pool(state, std::move(job));
}

boost::asio::awaitable<bool> PasswordHasher::verify(std::string password, std::string hash) {
    auto job = [password = std::move(password), hash = std::move(hash)]() mutable {
        const WipeOnExit wipe(password);
        return argon2id_verify(password, hash);
    };
    co_return co_await run_on_pool(*state_, std::move(job));
}

boost::asio::awaitable<bool> PasswordHasher::verify_unknown_user(std::string password) {
    PasswordHasherState& state = *state_;
    auto job = [&state, password = std::move(password)]() mutable {
        std::call_once(state.dummy_once,
                       [&state] { state.dummy_hash = argon2id_hash(random_token(), state.options.params); });
        const WipeOnExit wipe(password);
        argon2id_verify(password, state.dummy_hash);
        return false;
    };
    co_return co_await run_on_pool(state, std::move(job));
}

bool PasswordHasher::needs_rehash(std::string_view hash) const {
    return argon2id_needs_rehash(hash, state_->options.params);
}

std::size_t PasswordHasher::in_flight() const {
    return state_->in_flight.load();
}

std::size_t PasswordHasher::capacity() const {
    return state_->options.threads + state_->options.backlog;
}

}  // namespace bh::security
