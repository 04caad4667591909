#pragma once
// Sends what the notifications table holds: claims due rows under a lease, builds each e-mail
// (attachments from object storage), sends it, records SENT, or FAILED with the next attempt after
// an exponential backoff, or EXCEEDED_RETRIES after the last one.
//
// Several instances may run against one database: a row is claimed by one of them only (FOR UPDATE
// SKIP LOCKED + a lease). Delivery is at-least-once: a crash after the SMTP server accepted a mail
// but before SENT is recorded leaves the lease to lapse, and the mail is sent again (with the same
// Message-ID, so mail clients can fold the copy). A crash before the send costs one attempt.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "db/pool.h"
#include "mail/mail_sender.h"
#include "services/notification/domain/retry_policy.h"
#include "services/notification/notification_repository.h"
#include "storage/object_store.h"

namespace bh::notification {

struct DispatcherOptions {
    int batch_size = 20;                            // rows claimed at once
    std::chrono::milliseconds poll_interval{2000};  // scan for due retries at least this often
    // How long a claim keeps other instances away: longer than one send (attachments + SMTP).
    std::chrono::milliseconds lease{120'000};
    RetryPolicy retry;
    std::size_t max_attachment_bytes = std::size_t{25} * 1024 * 1024;  // per file
    std::string message_id_domain = "budgethub.local";
};

struct DispatcherStats {
    std::int64_t sent = 0;
    std::int64_t failed = 0;       // attempts that failed and were rescheduled
    std::int64_t exceeded = 0;     // notifications given up
    std::int64_t lost_leases = 0;  // outcomes not recorded: another instance took the row over
};

class Dispatcher {
  public:
    // `store` may be null: a notification with attachments then fails (and is retried).
    Dispatcher(const boost::asio::any_io_executor& executor, db::Pool& pool, mail::MailSender& sender,
               storage::ObjectStore* store, DispatcherOptions options);
    ~Dispatcher();
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    // Starts the loop: claim a batch, send it, repeat while batches are full, else sleep for
    // poll_interval or until wake().
    void start();
    // New work was stored: scan now rather than at the next poll. Thread-safe.
    void wake();
    // Ends the loop after the send in progress (sends are bounded by the mail timeout).
    boost::asio::awaitable<void> stop();

    // One claim-and-send round, outside the loop (tests). Returns how many rows it claimed.
    boost::asio::awaitable<int> run_once();
    DispatcherStats stats() const;

    struct State;  // shared with the loop coroutine (dispatcher.cpp)

  private:
    std::shared_ptr<State> state_;
};

// The Message-ID of a notification's e-mail: the same for every attempt.
std::string message_id_for(const Uuid& id, std::string_view domain);

}  // namespace bh::notification
