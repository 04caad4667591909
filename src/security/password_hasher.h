#pragma once
// Password hashing off the I/O threads. argon2id at the interactive limits takes 64 MiB and tens of
// milliseconds per call, so it runs on a small pool of its own threads: at most `threads` hashes
// run at once (bounding memory to threads × memlimit), at most `backlog` more wait, and anything
// beyond that is refused at once with bh::AppError Unavailable (503 + Retry-After) rather than
// queued without bound during a sign-in storm.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "security/argon2id.h"

namespace bh::security {

struct PasswordHasherOptions {
    std::size_t threads = 2;
    std::size_t backlog = 16;
    Argon2idParams params = Argon2idParams::interactive();
    std::chrono::seconds retry_after{1};
    // Test hook, runs on the worker thread before each job (lets tests observe or hold workers).
    std::function<void()> on_job_start;
};

namespace detail {
struct PasswordHasherState;
}

// Lifetime: a finished job resumes its caller by posting to the caller's io_context. Let those
// io_contexts drain (run until idle), then destroy the hasher (joins its workers), and only then
// the io_contexts: a worker may still be signalling one right after posting to it.
class PasswordHasher {
  public:
    explicit PasswordHasher(PasswordHasherOptions options = {});
    ~PasswordHasher();  // waits for running jobs
    PasswordHasher(const PasswordHasher&) = delete;
    PasswordHasher& operator=(const PasswordHasher&) = delete;

    // Each runs on the pool and resumes on the caller's executor. The password is wiped from the
    // worker's copy when done. Throw bh::AppError Unavailable when the backlog is full.
    boost::asio::awaitable<std::string> hash(std::string password);
    boost::asio::awaitable<bool> verify(std::string password, std::string hash);
    // For a sign-in with an unknown e-mail: costs what a real verify costs, always false, so the
    // response time does not tell whether the account exists.
    boost::asio::awaitable<bool> verify_unknown_user(std::string password);

    // Cheap (parses the hash only): true when a stored hash should be replaced after a successful sign-in.
    bool needs_rehash(std::string_view hash) const;

    std::size_t in_flight() const;  // running + waiting
    std::size_t capacity() const;   // threads + backlog

  private:
    std::unique_ptr<detail::PasswordHasherState> state_;
};

}  // namespace bh::security
