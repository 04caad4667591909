// The notification service's pipeline against the stack's real servers: PostgreSQL (PG_URL), Kafka
// (KAFKA_BROKERS), Mailpit (SMTP_URL + MAILPIT_API) and S3 (S3_ENDPOINT): an event becomes one
// mail with the right parts; duplicates send nothing more; an SMTP outage with two dispatcher
// instances ends with every mail delivered exactly once; retries stop at the maximum; a lapsed
// lease (crash mid-send) is retried.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <thread>

#include "bus/admin.h"
#include "bus/consumer.h"
#include "bus/event.h"
#include "bus/producer.h"
#include "bus/test_support.h"
#include "core/config.h"
#include "core/error.h"
#include "db/itest_support.h"
#include "db/migrations.h"
#include "mail/smtp_sender.h"
#include "services/notification/intake.h"
#include "services/notification/notification_repository.h"
#include "services/notification/notification_service.h"
#include "services/notification/sending/dispatcher.h"
#include "storage/s3_store.h"
#include "support/test_env.h"

namespace bh::notification {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using bus::testing::eventually;

// ---- Mailpit's REST API, blocking, through libcurl --------------------------------------------

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

std::string http_get(const std::string& url) {
    CURL* curl = curl_easy_init();
    std::string body;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10'000L);
    curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
    const CURLcode code = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    if (code != CURLE_OK) throw std::runtime_error("GET " + url + ": " + curl_easy_strerror(code));
    return body;
}

std::string url_encode(const std::string& text) {
    CURL* curl = curl_easy_init();
    char* out = curl_easy_escape(curl, text.c_str(), static_cast<int>(text.size()));
    std::string result(out);
    curl_free(out);
    curl_easy_cleanup(curl);
    return result;
}

class Mailpit {
  public:
    Mailpit() : base_(testing::require_env("MAILPIT_API")) {}
    // IDs of the messages sent to `address`.
    std::vector<std::string> messages_to(const std::string& address) const {
        const auto body = json::parse(
            http_get(base_ + "/api/v1/search?limit=1000&query=" + url_encode("to:\"" + address + "\"")));
        std::vector<std::string> ids;
        for (const auto& m : body.at("messages").as_array()) ids.emplace_back(m.at("ID").as_string());
        return ids;
    }
    json::value message(const std::string& id) const {
        return json::parse(http_get(base_ + "/api/v1/message/" + id));
    }
    std::string raw(const std::string& id) const {
        return http_get(base_ + "/api/v1/message/" + id + "/raw");
    }

  private:
    std::string base_;
};

// ---- fixtures ------------------------------------------------------------------------------------

// A loopback port nobody listens on: SMTP "down".
std::string closed_smtp_url() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return "smtp://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
}

mail::SmtpOptions smtp_options(std::string url) {
    mail::SmtpOptions options;
    options.url = std::move(url);
    options.from = {"no-reply@budgethub.local", "BudgetHub"};
    options.starttls = mail::StartTls::None;
    options.timeout = 10s;
    options.connect_timeout = 2s;
    return options;
}

std::string unique_recipient(const std::string& label) {
    std::string name = testing::unique_name(label);
    std::replace(name.begin(), name.end(), '_', '-');
    return name + "@example.com";
}

json::object request_payload(const Uuid& id, const std::string& to) {
    return json::object{{"version", 1},
                        {"notificationId", id.to_string()},
                        {"kind", "PASSWORD_RESET"},
                        {"to", to},
                        {"recipientName", "Ana <Admin>"},
                        {"data",
                         {{"resetUrl", "https://app.example.com/reset?token=t0k&x=1"},
                          {"expiresAt", "2026-11-24T16:00:00Z"}}}};
}

bus::Message event_message(const json::object& payload, const std::string& topic) {
    bus::Event event;
    event.type = std::string(kRequestedEventType);
    event.data = payload;
    event.data.erase("version");
    return bus::to_message(event, topic, std::string(payload.at("notificationId").as_string()));
}

asio::awaitable<void> migrate_database(asio::any_io_executor executor, db::ConnectOptions options) {
    co_await db::migrate(std::move(executor), std::move(options), "notification", migrations());
}

asio::awaitable<void> consume_one(db::Pool& pool, Dispatcher& dispatcher, const bus::Message& message) {
    // Not `if (co_await ...)`: g++ 12 miscompiles a co_await inside an if condition.
    const auto outcome = co_await accept_notification_event(pool, message);
    if (outcome == IntakeOutcome::Stored) dispatcher.wake();
}

class NotificationIntegration : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        database_ = std::make_unique<db::testing::ScratchDatabase>();
        asio::io_context io;
        db::testing::run(io, migrate_database(io.get_executor(), database_->options()));
    }
    static void TearDownTestSuite() { database_.reset(); }

    NotificationIntegration()
        : guard_(asio::make_work_guard(io_)), pool_(io_.get_executor(), database_->pool_options(6)) {
        for (int i = 0; i < 3; ++i) threads_.emplace_back([this] { io_.run(); });
    }
    ~NotificationIntegration() override {
        guard_.reset();
        for (auto& thread : threads_) thread.join();
    }

    template <class T>
    T await(asio::awaitable<T> task, std::chrono::milliseconds limit = 60s) {
        auto future = asio::co_spawn(io_, std::move(task), asio::use_future);
        if (future.wait_for(limit) != std::future_status::ready)
            throw std::runtime_error("coroutine timed out");
        return future.get();
    }

    // Stores a request as the consumer would (a synthetic event).
    IntakeOutcome store(const json::object& payload) {
        return await(accept_notification_event(pool_, event_message(payload, "t")));
    }

    std::optional<NotificationSummary> find(const Uuid& id) { return await(find_notification(pool_, id)); }

    DispatcherOptions fast_options() {
        DispatcherOptions options;
        options.batch_size = 5;
        options.poll_interval = 50ms;
        options.lease = 30s;
        options.retry =
            RetryPolicy{.max_attempts = 4, .base_delay = 100ms, .max_delay = 400ms, .jitter = 0.2};
        return options;
    }

    static inline std::unique_ptr<db::testing::ScratchDatabase> database_;
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> guard_;
    db::Pool pool_;
    asio::thread_pool blocking_{4};
    std::vector<std::thread> threads_;
    Mailpit mailpit_;
};

// ---- tests ---------------------------------------------------------------------------------------

TEST_F(NotificationIntegration, EventThroughKafkaBecomesOneMailWithTextHtmlAndAttachment) {
    const std::string brokers = testing::require_env("KAFKA_BROKERS");
    const std::string topic = testing::unique_name("bh.notify.requested");
    const std::string to = unique_recipient("kafka");

    // The attachment, in the stack's S3.
    storage::S3Options s3;
    s3.endpoint = testing::require_env("S3_ENDPOINT");
    s3.access_key = testing::require_env("S3_ACCESS_KEY");
    s3.secret_key = testing::require_env("S3_SECRET_KEY");
    s3.region = testing::require_env("S3_REGION");
    s3.bucket = "notify-itest";
    storage::S3Store store(s3, blocking_);
    const std::string key = "exports/" + Uuid::v7().to_string() + ".xlsx";
    std::string xlsx(3000, '\0');
    for (std::size_t i = 0; i < xlsx.size(); ++i) xlsx[i] = static_cast<char>(i * 7);
    await(store.ensure_ready());
    await(store.put(key, xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

    mail::SmtpSender sender(smtp_options(testing::require_env("SMTP_URL")), blocking_);
    Dispatcher dispatcher(io_.get_executor(), pool_, sender, &store, fast_options());
    dispatcher.start();

    bus::ProducerOptions producer_options;
    producer_options.client.brokers = brokers;
    bus::Producer producer(producer_options);
    bus::ConsumerOptions consumer_options;
    consumer_options.client.brokers = brokers;
    consumer_options.group_id = testing::unique_name("notification");
    consumer_options.topics = {topic};
    bus::Consumer consumer(
        io_.get_executor(), consumer_options,
        [this, &dispatcher](const bus::Message& message) { return consume_one(pool_, dispatcher, message); },
        producer);

    const Uuid id = Uuid::v7();
    json::object payload{
        {"version", 1},
        {"notificationId", id.to_string()},
        {"kind", "EXPORT_READY"},
        {"to", to},
        {"recipientName", "Jos\xc3\xa9 <b>"},
        {"data",
         {{"jobId", "job-7"}, {"startDate", "2026-01-01"}, {"endDate", "2026-01-31"}, {"rowCount", 12}}},
        {"attachments",
         json::array{json::object{
             {"filename", "movements 2026.xlsx"},
             {"contentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
             {"storageKey", key},
             {"sizeBytes", 3000}}}}};
    const auto message = event_message(payload, topic);
    await(producer.send(message));
    await(producer.send(message));  // redelivered: same event id
    auto again =
        event_message(payload, topic);  // re-published by the producer: new event id, same notificationId
    await(producer.send(again));
    consumer.start();

    ASSERT_TRUE(eventually([&] { return mailpit_.messages_to(to).size() == 1; }, 30s));
    ASSERT_TRUE(eventually([&] { return consumer.stats().processed == 3; }, 30s));
    std::this_thread::sleep_for(500ms);  // a second mail would show up by now
    const auto ids = mailpit_.messages_to(to);
    ASSERT_EQ(ids.size(), 1u);

    const auto mail = mailpit_.message(ids[0]);
    EXPECT_EQ(mail.at("Subject").as_string(), "Movements Report: 2026-01-01 to 2026-01-31");
    EXPECT_EQ(mail.at("From").at("Address").as_string(), "no-reply@budgethub.local");
    EXPECT_EQ(mail.at("To").as_array()[0].at("Name").as_string(), "Jos\xc3\xa9 <b>");
    EXPECT_EQ(mail.at("MessageID").as_string(), id.to_string() + "@budgethub.local");
    EXPECT_NE(std::string(mail.at("Text").as_string()).find("(12 movements)"), std::string::npos);
    const std::string html(mail.at("HTML").as_string());
    EXPECT_NE(html.find("Hello Jos\xc3\xa9 &lt;b&gt;"), std::string::npos) << html;
    const auto& attachments = mail.at("Attachments").as_array();
    ASSERT_EQ(attachments.size(), 1u);
    EXPECT_EQ(attachments[0].at("FileName").as_string(), "movements 2026.xlsx");
    EXPECT_EQ(attachments[0].at("Size").to_number<std::int64_t>(), 3000);
    const std::string raw = mailpit_.raw(ids[0]);
    EXPECT_NE(raw.find("multipart/mixed"), std::string::npos);
    EXPECT_NE(raw.find("multipart/alternative"), std::string::npos);

    const auto row = find(id);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->status, Status::Sent);
    EXPECT_EQ(row->attempts, 1);
    EXPECT_TRUE(row->sent_at);
    EXPECT_EQ(row->attachment_count, 1);

    await(consumer.stop());
    await(dispatcher.stop());
    await(store.remove(key));
}

TEST_F(NotificationIntegration, MalformedEventIsRefusedAsBadRequest) {
    auto payload = request_payload(Uuid::v7(), "ana@example.com\r\nBcc: victim@example.com");
    try {
        store(payload);
        FAIL() << "accepted a header injection";
    } catch (const AppError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadRequest);
        ASSERT_FALSE(e.field_errors().empty());
        EXPECT_EQ(e.field_errors()[0].field, "to");
    }
}

TEST_F(NotificationIntegration, SmtpDownThenBackTwoInstancesDeliverEachMailExactlyOnce) {
    constexpr int kMails = 24;
    std::vector<Uuid> ids;
    std::vector<std::string> recipients;
    for (int i = 0; i < kMails; ++i) {
        ids.push_back(Uuid::v7());
        recipients.push_back(unique_recipient("outage"));
        ASSERT_EQ(store(request_payload(ids.back(), recipients.back())), IntakeOutcome::Stored);
    }
    const auto all_in = [&](Status status) {
        return std::all_of(ids.begin(), ids.end(), [&](const auto& id) {
            const auto row = find(id);
            return row && row->status == status;
        });
    };
    // SMTP down: both instances fail their attempts and reschedule.
    mail::SmtpSender down(smtp_options(closed_smtp_url()), blocking_);
    auto options = fast_options();
    options.retry.max_attempts = 50;
    {
        Dispatcher a(io_.get_executor(), pool_, down, nullptr, options);
        Dispatcher b(io_.get_executor(), pool_, down, nullptr, options);
        a.start();
        b.start();
        ASSERT_TRUE(eventually([&] { return all_in(Status::Failed); }, 30s));
        await(a.stop());
        await(b.stop());
        EXPECT_EQ(a.stats().sent + b.stats().sent, 0);
    }
    const auto failed = find(ids[0]);
    ASSERT_TRUE(failed && failed->last_error);
    EXPECT_NE(failed->last_error->find("Failed to send email"), std::string::npos) << *failed->last_error;

    // SMTP back: two instances race for the same due rows.
    mail::SmtpSender up(smtp_options(testing::require_env("SMTP_URL")), blocking_);
    Dispatcher a(io_.get_executor(), pool_, up, nullptr, options);
    Dispatcher b(io_.get_executor(), pool_, up, nullptr, options);
    a.start();
    b.start();
    ASSERT_TRUE(eventually([&] { return all_in(Status::Sent); }, 60s));
    await(a.stop());
    await(b.stop());
    EXPECT_EQ(a.stats().sent + b.stats().sent, kMails);
    EXPECT_EQ(a.stats().lost_leases + b.stats().lost_leases, 0);
    for (const auto& to : recipients) EXPECT_EQ(mailpit_.messages_to(to).size(), 1u) << to;
    for (const auto& id : ids) EXPECT_GE(find(id)->attempts, 2);
}

TEST_F(NotificationIntegration, RetriesStopAtTheMaximumWithExceededRetries) {
    const Uuid id = Uuid::v7();
    ASSERT_EQ(store(request_payload(id, unique_recipient("exceeded"))), IntakeOutcome::Stored);
    mail::SmtpSender down(smtp_options(closed_smtp_url()), blocking_);
    auto options = fast_options();
    options.retry.max_attempts = 3;
    Dispatcher dispatcher(io_.get_executor(), pool_, down, nullptr, options);
    dispatcher.start();
    ASSERT_TRUE(eventually(
        [&] {
            const auto row = find(id);
            return row && row->status == Status::ExceededRetries;
        },
        30s));
    std::this_thread::sleep_for(600ms);  // longer than the largest backoff: no further attempt
    await(dispatcher.stop());
    const auto row = find(id);
    EXPECT_EQ(row->attempts, 3);
    EXPECT_FALSE(row->next_attempt_at);
    EXPECT_TRUE(row->last_error);
    EXPECT_GE(dispatcher.stats().exceeded, 1);
}

TEST_F(NotificationIntegration, ALapsedLeaseFromACrashedInstanceIsRetriedOnce) {
    const Uuid id = Uuid::v7();
    const std::string to = unique_recipient("lease");
    ASSERT_EQ(store(request_payload(id, to)), IntakeOutcome::Stored);
    // An instance claims the row and dies before sending (nothing ever reports for this token).
    // Rows of other tests may be due too: claim until ours is among them.
    const auto crashed = Uuid::v7();
    bool ours = false;
    for (int i = 0; i < 20 && !ours; ++i) {
        for (const auto& claimed : await(claim_due(pool_, 100, 700ms, crashed))) ours |= claimed.id == id;
    }
    ASSERT_TRUE(ours);

    mail::SmtpSender up(smtp_options(testing::require_env("SMTP_URL")), blocking_);
    Dispatcher survivor(io_.get_executor(), pool_, up, nullptr, fast_options());
    await(survivor.run_once());
    EXPECT_EQ(find(id)->status, Status::Pending) << "claimed while the lease was live";
    EXPECT_TRUE(mailpit_.messages_to(to).empty());

    survivor.start();
    ASSERT_TRUE(eventually([&] { return find(id)->status == Status::Sent; }, 20s));
    await(survivor.stop());
    EXPECT_EQ(find(id)->attempts, 2);  // the crashed attempt counts
    ASSERT_TRUE(eventually([&] { return mailpit_.messages_to(to).size() == 1; }, 5s));
}

TEST_F(NotificationIntegration, SameNotificationIdTwiceStoresOnce) {
    const Uuid id = Uuid::v7();
    EXPECT_EQ(store(request_payload(id, unique_recipient("dup"))), IntakeOutcome::Stored);
    EXPECT_EQ(store(request_payload(id, unique_recipient("dup"))), IntakeOutcome::Duplicate);
}

}  // namespace
}  // namespace bh::notification
